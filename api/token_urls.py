from django.urls import path

from api import token_views

app_name = "tokens"

urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("<int:pk>/thu-hoi/", token_views.token_revoke, name="revoke"),
]
