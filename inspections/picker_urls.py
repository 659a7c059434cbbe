from django.urls import path

from inspections import pickers

app_name = "pickers"

urlpatterns = [
    path("tim/co-quan/", pickers.agency_search, name="agency"),
    path("tim/can-bo/", pickers.official_search, name="official"),
    path("kiem-tra/<int:pk>/them-nguoi/", pickers.visit_person_add, name="person_add"),
]
