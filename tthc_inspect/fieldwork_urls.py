"""URLs of tthc_inspect.fieldwork (namespace ``fieldwork``); the service worker sits at the root for its scope."""

from django.urls import path

from tthc_inspect import fieldwork

app_name = "fieldwork"

urlpatterns = [
    path("phien/", fieldwork.session_state, name="session_state"),
    path("phien/da-dang-nhap/", fieldwork.signed_in_again, name="signed_in_again"),
    path("sw.js", fieldwork.service_worker, name="service_worker"),
    path("manifest.webmanifest", fieldwork.manifest, name="manifest"),
]
