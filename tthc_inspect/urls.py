from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ngon-ngu/", set_language, name="set_language"),
    path("", include("tthc_inspect.fieldwork_urls")),  # issue 17: session state, service worker, manifest
    path("quan-tri/", admin.site.urls),
    path("api/", include("api.urls")),
    path("tai-khoan/ma-api/", include("api.token_urls")),
    path("", include("units.auth_urls")),
    path("", include("units.urls")),
    path("", include("inspections.picker_urls")),
    path("", include("inspections.urls")),
    path("", include("findings.urls")),
    path("", include("reports.urls")),
    path("", include("reports.dashboards.urls")),
    path("", include("notices.urls")),
]
