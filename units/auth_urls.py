"""Django's own password views, with our templates: set a password from the mailed link, change it, forget it.

Names are Django's (``password_reset_confirm``…), unnamespaced, as its views reverse them.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path("mat-khau/doi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("mat-khau/doi/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("mat-khau/quen/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("mat-khau/quen/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mat-khau/dat/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("mat-khau/dat/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
