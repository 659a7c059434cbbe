from django.urls import path

from units import account_views, directory_views

app_name = "units"

urlpatterns = [
    path("tai-khoan/", account_views.account_list, name="account_list"),
    path("tai-khoan/<int:pk>/", account_views.account_edit, name="account_edit"),
    path("tai-khoan/<int:pk>/khoa/", account_views.account_active, name="account_active"),
    path("tai-khoan/<int:pk>/gui-lien-ket/", account_views.account_link, name="account_link"),
    path("can-bo/<int:official_pk>/tai-khoan/", account_views.account_create, name="account_create"),
    path("ca-nhan/", account_views.profile, name="profile"),
    path("danh-ba/co-quan/", directory_views.agency_list, name="agency_list"),
    path("danh-ba/co-quan/moi/", directory_views.agency_create, name="agency_create"),
    path("danh-ba/co-quan/sap-nhap/", directory_views.agency_merge, name="agency_merge"),
    path("danh-ba/co-quan/cap-xa/", directory_views.communes_propose, name="communes_propose"),
    path("danh-ba/co-quan/<int:pk>/", directory_views.agency_edit, name="agency_edit"),
    path("danh-ba/co-quan/<int:pk>/giai-the/", directory_views.agency_dissolve, name="agency_dissolve"),
    path("danh-ba/can-bo/", directory_views.official_list, name="official_list"),
    path("danh-ba/can-bo/moi/", directory_views.official_create, name="official_create"),
    path("danh-ba/can-bo/<int:pk>/", directory_views.official_edit, name="official_edit"),
    path("danh-ba/can-bo/<int:pk>/xoa/", directory_views.official_delete, name="official_delete"),
    path("tim/dia-ban/", directory_views.area_search, name="area_search"),
]
