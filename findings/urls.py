from django.urls import path

from findings import checklist_views, views
from findings.remediation import views as remediation

app_name = "findings"

urlpatterns = [
    path("kiem-tra/<int:pk>/ket-qua/", views.visit_workspace, name="workspace"),
    path("kiem-tra/<int:pk>/bat-dau/", views.visit_start, name="visit_start"),
    path("kiem-tra/<int:pk>/nop/", views.visit_submit, name="visit_submit"),
    path("kiem-tra/<int:pk>/tra-lai/", views.visit_return, name="visit_return"),
    path("kiem-tra/<int:pk>/ket-thuc/", views.visit_close, name="visit_close"),
    path("kiem-tra/<int:visit_pk>/bien-ban/", views.minutes_edit, name="minutes"),
    path("kiem-tra/<int:visit_pk>/phat-hien/", views.finding_create, name="finding_create"),
    path("kiem-tra/<int:visit_pk>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("ket-qua/<int:pk>/", views.item_result_save, name="item_result_save"),
    path("phat-hien/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("phat-hien/<int:pk>/xoa/", views.finding_delete, name="finding_delete"),
    path("phat-hien/<int:pk>/giai-trinh/", views.explanation_add, name="explanation_add"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("minh-chung/<int:pk>/<str:variant>/", views.evidence_file, name="evidence_file"),
    path("khac-phuc/", remediation.action_list, name="action_list"),
    path("khac-phuc/<int:pk>/", remediation.action_detail, name="action_detail"),
    path("khac-phuc/<int:pk>/bao-cao/", remediation.action_report, name="action_report"),
    path("khac-phuc/<int:pk>/sua/", remediation.action_edit, name="action_edit"),
    path("khac-phuc/<int:pk>/xac-minh/", remediation.action_verify, name="action_verify"),
    path("khac-phuc/<int:pk>/tra-lai/", remediation.action_return, name="action_return"),
    path("khac-phuc/<int:pk>/gia-han/", remediation.extension_request, name="extension_request"),
    path("gia-han/<int:pk>/dong-y/", remediation.extension_grant, name="extension_grant"),
    path("gia-han/<int:pk>/khong-dong-y/", remediation.extension_refuse, name="extension_refuse"),
    path("kiem-tra/<int:visit_pk>/ket-luan/", remediation.conclusion_issue, name="conclusion_issue"),
    path("kiem-tra/<int:visit_pk>/khac-phuc/moi/", remediation.action_create, name="action_create"),
    path("co-quan/<int:pk>/khac-phuc/", remediation.agency_page, name="agency_actions"),
    path("mau-kiem-tra/", checklist_views.checklist_list, name="checklist_list"),
    path("mau-kiem-tra/nhap/", checklist_views.checklist_upload, name="checklist_upload"),
    path("mau-kiem-tra/<int:pk>/", checklist_views.checklist_detail, name="checklist_detail"),
    path("mau-kiem-tra/<int:pk>/phien-ban-moi/", checklist_views.checklist_new_version, name="checklist_new_version"),
    path("mau-kiem-tra/<int:pk>/tai-ve.<str:fmt>", checklist_views.checklist_export, name="checklist_export"),
]
