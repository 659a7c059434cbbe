"""Document requests, job progress and downloads."""

from django.urls import path

from reports import calendar_views, home_views, views
from reports.archive import views as archive_views
from reports.exchange import views as exchange_views
from reports.periodic import views as periodic_views
from reports.signing import views as signing_views

app_name = "reports"

urlpatterns = [
    path("viec-cua-toi/", home_views.home, name="home"),
    path("lich/", calendar_views.visit_calendar, name="calendar"),
    path("lich/dia-chi-rieng/", calendar_views.calendar_feed_reset, name="calendar_feed_reset"),
    path("lich/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("ke-hoach/<int:plan_pk>/van-ban/bao-cao/", views.report_request, name="report_request"),
    path("ke-hoach/<int:plan_pk>/van-ban/khac-phuc/", views.followup_request, name="followup_request"),
    path("kiem-tra/<int:visit_pk>/van-ban/<str:kind>/", views.visit_document_request, name="visit_document_request"),
    path("van-ban/<int:pk>/ban-hanh/", views.document_finalize, name="document_finalize"),
    path("van-ban/phien-ban/<int:pk>/loi-van/", views.version_narrative, name="version_narrative"),
    path("van-ban/phien-ban/<int:pk>/tai-ve/", views.version_download, name="version_download"),
    path("van-ban/tac-vu/<int:pk>/", views.job_status, name="job_status"),
    path("van-ban/tac-vu/<int:pk>/thu-lai/", views.job_retry, name="job_retry"),
    path("van-ban/tac-vu/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("ke-hoach/<int:plan_pk>/ho-so/", exchange_views.export_request, name="export_request"),
    path("ho-so/<int:pk>/", exchange_views.export_status, name="export_status"),
    path("ho-so/<int:pk>/tai-ve/", exchange_views.export_download, name="export_download"),
    path("ho-so/nhap/", exchange_views.package_import, name="package_import"),
    path("bao-cao-dinh-ky/", periodic_views.periodic_page, name="periodic"),
    path("bao-cao-dinh-ky/<int:pk>/", periodic_views.periodic_status, name="periodic_status"),
    path("bao-cao-dinh-ky/<int:pk>/tai-ve/", periodic_views.periodic_download, name="periodic_download"),
    path("van-ban/phien-ban/<int:pk>/ban-da-ky/", signing_views.signed_upload, name="signed_upload"),
    path("van-ban/phien-ban/<int:pk>/ban-dua-ky/", signing_views.unsigned_download, name="unsigned_download"),
    path("van-ban/phien-ban/<int:pk>/sao-y/", signing_views.copy_create, name="copy_create"),
    path("van-ban/ban-sao/<int:pk>/tai-ve/", signing_views.copy_download, name="copy_download"),
    path("ke-hoach/<int:plan_pk>/ho-so-luu-tru/", archive_views.archive_request, name="archive_request"),
    path("ho-so-luu-tru/<int:pk>/tai-ve/", archive_views.archive_download, name="archive_download"),
    path("xac-thuc/<str:code>/", signing_views.verify, name="verify"),
]
