"""Document requests, job progress and downloads."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("ke-hoach/<int:plan_pk>/van-ban/bao-cao/", views.report_request, name="report_request"),
    path("ke-hoach/<int:plan_pk>/van-ban/khac-phuc/", views.followup_request, name="followup_request"),
    path("kiem-tra/<int:visit_pk>/van-ban/<str:kind>/", views.visit_document_request, name="visit_document_request"),
    path("van-ban/<int:pk>/ban-hanh/", views.document_finalize, name="document_finalize"),
    path("van-ban/phien-ban/<int:pk>/tai-ve/", views.version_download, name="version_download"),
    path("van-ban/tac-vu/<int:pk>/", views.job_status, name="job_status"),
    path("van-ban/tac-vu/<int:pk>/thu-lai/", views.job_retry, name="job_retry"),
    path("van-ban/tac-vu/<int:pk>/tai-ve/", views.job_download, name="job_download"),
]
