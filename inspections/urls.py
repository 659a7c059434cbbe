from django.urls import path

from inspections import audit, import_views, views

app_name = "inspections"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("ke-hoach/moi/", views.plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("ke-hoach/<int:pk>/ban-ky.pdf", views.plan_scan, name="plan_scan"),
    path("ke-hoach/<int:pk>/ban-hanh/", views.plan_issue, name="plan_issue"),
    path("ke-hoach/<int:pk>/bat-dau/", views.plan_start, name="plan_start"),
    path("ke-hoach/<int:pk>/hoan-thanh/", views.plan_complete, name="plan_complete"),
    path("ke-hoach/<int:pk>/xoa/", views.plan_delete, name="plan_delete"),
    path("ke-hoach/<int:plan_pk>/quyet-dinh/moi/", views.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/sua/", views.decision_edit, name="decision_edit"),
    path("ke-hoach/<int:plan_pk>/lich/moi/", views.visit_create, name="visit_create"),
    path("ke-hoach/<int:pk>/lich/mau.xlsx", import_views.schedule_template, name="schedule_template"),
    path("ke-hoach/<int:pk>/lich/nhap/", import_views.schedule_import, name="schedule_import"),
    path("kiem-tra/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("kiem-tra/<int:pk>/sua/", views.visit_edit, name="visit_edit"),
    path("kiem-tra/<int:pk>/xoa/", views.visit_delete, name="visit_delete"),
    path("nhat-ky/<slug:slug>/<int:pk>/", audit.audit_object, name="audit_object"),
]
