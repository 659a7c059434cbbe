from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api import views
from api.docs import DocsView

app_name = "api"

router = SimpleRouter()
router.register("areas", views.AreaViewSet, basename="area")
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("officials", views.OfficialViewSet, basename="official")
router.register("plans", views.PlanWriteViewSet, basename="plan")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("visits", views.VisitWriteViewSet, basename="visit")
router.register("checklists", views.ChecklistViewSet, basename="checklist")
router.register("item-results", views.ItemResultWriteViewSet, basename="item-result")
router.register("findings", views.FindingWriteViewSet, basename="finding")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("actions", views.ActionWriteViewSet, basename="action")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("versions", views.VersionViewSet, basename="version")
router.register("jobs", views.JobWriteViewSet, basename="job")

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/docs/", login_required(DocsView.as_view(url_name="api:schema")), name="docs"),
    path("v1/", include(router.urls)),
]
