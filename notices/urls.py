from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("thong-bao/", views.notification_list, name="list"),
    path("thong-bao/da-doc/", views.notification_read_all, name="read_all"),
    path("thong-bao/nhan-email/", views.preferences, name="preferences"),
]
