"""The /api/v1/ endpoints: one read-only viewset per resource, the writes as actions (api/writes.py).

Every queryset comes from ``api.scoping.scoped`` (the pages' ``restrict``): an object outside it is a 404.
Lists are ordered on a unique key (stable pages) and filtered by the pages' FilterSets.
"""

from django.http import Http404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from api import filters, inputs, scoping, serializers, writes
from checklists.models import ChecklistTemplate
from findings import views as finding_pages
from findings.models import Evidence, Finding, ItemResult, RemediationAction
from findings.remediation.forms import ActionFilter
from inspections.filters import PlanFilter
from inspections.models import Decision, Plan, Visit
from reports import views as report_pages
from reports.models import Document, DocumentVersion, RenderJob
from tthc_inspect.forms import parse_id
from units.models import AdminArea, Agency, Official


def file_response(*content_types: str) -> dict:
    return {**{(200, kind): OpenApiTypes.BINARY for kind in content_types}, 404: None}


EVIDENCE_TYPES = sorted({*finding_pages.ORIGINAL_TYPES.values(), "image/jpeg", "application/octet-stream"})
JOB_TYPES = sorted(report_pages.CONTENT_TYPES.values())
EVIDENCE_VARIANTS = {"original": "goc", "print": "in", "thumbnail": "anh-nho"}


class ApiLanguageMixin:
    """Messages in the request's language: the language cookie, else Accept-Language, else Vietnamese."""

    def initial(self, request, *args, **kwargs):
        language = translation.get_language_from_request(request._request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)


class ScopedViewSet(ApiLanguageMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve ``model`` from ``scoping.scoped``; ``ordering`` ends with the primary key."""

    model = None
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("pk",)

    def object_id(self) -> int:
        """The URL's id for the pages' fetch helpers: not an id (``abc``, past the range) → 404."""
        found = parse_id(self.kwargs["pk"])
        if found is None:
            raise Http404
        return found

    def get_queryset(self):
        queryset = scoping.scoped(self.model, self.request.user).order_by(*self.ordering)
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.prefetch_related(*self.prefetch)


def read_only(model, serializer, filterset, doc: str, **options) -> type[ScopedViewSet]:
    """The viewset of a resource that is only listed and read (``options``: ordering, related, prefetch)."""
    attrs = {"model": model, "serializer_class": serializer, "filterset_class": filterset, "__doc__": doc}
    return type(f"{model.__name__}ViewSet", (ScopedViewSet,), {**attrs, **options, "__module__": __name__})


AreaViewSet = read_only(
    AdminArea,
    serializers.AreaSerializer,
    filters.AreaFilter,
    "Administrative areas (both editions: pre-2025 three levels, 2025 two levels).",
)
AgencyViewSet = read_only(
    Agency,
    serializers.AgencySerializer,
    filters.AgencyFilter,
    "Agencies the user may see (all for office and leadership; own for a liaison; visited for a team).",
    ordering=("name", "pk"),
)
OfficialViewSet = read_only(
    Official,
    serializers.OfficialSerializer,
    filters.OfficialFilter,
    "Officials of the agencies the user sees, and the members of the teams of the plans they see.",
    ordering=("full_name", "pk"),
)
PlanViewSet = read_only(
    Plan,
    serializers.PlanSerializer,
    PlanFilter,
    "Plans, filtered as the plan list page (``q``, ``year``, ``status``, ``issuer``).",
    ordering=("-year", "-issued_on", "-pk"),
)
DecisionViewSet = read_only(
    Decision,
    serializers.DecisionSerializer,
    filters.DecisionFilter,
    "Decisions forming the teams, each with its roster.",
    prefetch=("members__official",),
)
VisitViewSet = read_only(
    Visit, serializers.VisitSerializer, filters.VisitFilter, "Visits.", ordering=("planned_start", "pk")
)
ItemResultViewSet = read_only(
    ItemResult,
    serializers.ItemResultSerializer,
    filters.ItemResultFilter,
    "A visit's result per checklist item.",
    related=("item",),
)
FindingViewSet = read_only(
    Finding, serializers.FindingSerializer, filters.FindingFilter, "Findings.", prefetch=("evidence",)
)
ActionViewSet = read_only(
    RemediationAction,
    serializers.ActionSerializer,
    ActionFilter,
    "Remediation actions, filtered as the follow-up page (``plan``, ``q``, ``agency``, ``status``, ``overdue``).",
    filterset_needs_user=True,
    prefetch=("report_evidence",),
    ordering=("deadline", "pk"),
)
DocumentViewSet = read_only(Document, serializers.DocumentSerializer, filters.DocumentFilter, "Documents.")


class ChecklistViewSet(ScopedViewSet):
    """Checklist editions (versioned templates); the detail carries sections and items."""

    model = ChecklistTemplate
    filterset_class = filters.ChecklistFilter
    ordering = ("code", "-version", "pk")

    def get_serializer_class(self):
        return serializers.ChecklistDetailSerializer if self.action == "retrieve" else serializers.ChecklistSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related("sections__items") if self.action == "retrieve" else queryset


class EvidenceViewSet(ScopedViewSet):
    """Evidence metadata; the file itself only through ``file`` (the page's permission check)."""

    model = Evidence
    serializer_class = serializers.EvidenceSerializer
    filterset_class = filters.EvidenceFilter

    @extend_schema(
        parameters=[OpenApiParameter("variant", str, enum=list(EVIDENCE_VARIANTS), default="original")],
        responses=file_response(*EVIDENCE_TYPES),
    )
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        variant = EVIDENCE_VARIANTS.get(request.query_params.get("variant", "original"), "")
        return finding_pages.evidence_file(request._request, pk=self.object_id(), variant=variant)


class VersionViewSet(ScopedViewSet):
    """Document versions; ``file`` downloads a final version's frozen PDF."""

    model = DocumentVersion
    serializer_class = serializers.VersionSerializer
    filterset_class = filters.VersionFilter

    @extend_schema(responses=file_response("application/pdf"))
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        return report_pages.version_download(request._request, pk=self.object_id())


class JobViewSet(ScopedViewSet):
    """Render jobs: status and progress; ``file`` downloads a finished job's output."""

    model = RenderJob
    serializer_class = serializers.JobSerializer
    filterset_class = filters.JobFilter

    @extend_schema(responses=file_response(*JOB_TYPES))
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        return report_pages.job_download(request._request, pk=self.object_id())


# --- Writes: the pages' forms, services and permission checks (api/writes.py) -------------------------

REFUSALS = {400: inputs.Refusal, 403: inputs.Refusal, 404: inputs.Refusal}


def answer(serializer_class, obj, code=status.HTTP_200_OK) -> Response:
    return Response(serializer_class(obj).data, status=code)


def step_schema(serializer_class, request=None, conflict=False):
    more = {409: inputs.Conflict} if conflict else {}
    return extend_schema(request=request, responses={200: serializer_class, **REFUSALS, **more})


class PlanWriteViewSet(PlanViewSet):
    """Plans; the office moves a plan by its steps (never by a status field)."""

    def _step(self, request, step):
        return answer(serializers.PlanSerializer, writes.plan_step(user=request.user, pk=self.object_id(), step=step))

    @step_schema(serializers.PlanSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return self._step(request, "issue")

    @step_schema(serializers.PlanSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._step(request, "start")

    @step_schema(serializers.PlanSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._step(request, "complete")


class VisitWriteViewSet(VisitViewSet):
    """Visits; the team moves a visit by its workflow steps."""

    def _step(self, request, step):
        visit = writes.visit_step(user=request.user, pk=self.object_id(), step=step, data=request.data)
        return answer(serializers.VisitSerializer, visit)

    @step_schema(serializers.VisitSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._step(request, "start")

    @step_schema(serializers.VisitSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, "submit")

    @step_schema(serializers.VisitSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(request, "close")

    @step_schema(serializers.VisitSerializer, request=inputs.Comment)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        return self._step(request, "return")


class ItemResultWriteViewSet(ItemResultViewSet):
    @step_schema(serializers.ItemResultSerializer, request=inputs.ItemResultInput, conflict=True)
    def partial_update(self, request, pk=None):
        row = writes.item_result_save(user=request.user, pk=self.object_id(), data=request.data)
        return answer(serializers.ItemResultSerializer, row)


class FindingWriteViewSet(FindingViewSet):
    @extend_schema(request=inputs.FindingCreate, responses={201: serializers.FindingSerializer, **REFUSALS})
    def create(self, request):
        finding = writes.finding_create(user=request.user, data=request.data)
        return answer(serializers.FindingSerializer, finding, status.HTTP_201_CREATED)

    @step_schema(serializers.FindingSerializer, request=inputs.FindingUpdate, conflict=True)
    def partial_update(self, request, pk=None):
        finding = writes.finding_update(user=request.user, pk=self.object_id(), data=request.data)
        return answer(serializers.FindingSerializer, finding)

    @extend_schema(responses={204: None, **REFUSALS})
    def destroy(self, request, pk=None):
        writes.finding_delete(user=request.user, pk=self.object_id())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActionWriteViewSet(ActionViewSet):
    """Remediation actions and their steps: report (the agency), verify or return (reviewers), extension."""

    @step_schema(serializers.ActionSerializer, request=inputs.ActionUpdate, conflict=True)
    def partial_update(self, request, pk=None):
        row = writes.action_update(user=request.user, pk=self.object_id(), data=request.data)
        return answer(serializers.ActionSerializer, row)

    @extend_schema(
        request={"multipart/form-data": inputs.ActionReport},
        responses={200: serializers.ActionSerializer, **REFUSALS, 409: inputs.Conflict},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def report(self, request, pk=None):
        row = writes.action_report(user=request.user, pk=self.object_id(), data=request.data, files=request.FILES)
        return answer(serializers.ActionSerializer, row)

    @step_schema(serializers.ActionSerializer, request=inputs.Comment)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        row = writes.action_review(user=request.user, pk=self.object_id(), data=request.data, verify=True)
        return answer(serializers.ActionSerializer, row)

    @step_schema(serializers.ActionSerializer, request=inputs.Comment)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        row = writes.action_review(user=request.user, pk=self.object_id(), data=request.data, verify=False)
        return answer(serializers.ActionSerializer, row)

    @step_schema(serializers.ActionSerializer, request=inputs.ExtensionRequest)
    @action(detail=True, methods=["post"])
    def extension(self, request, pk=None):
        row = writes.extension_request(user=request.user, pk=self.object_id(), data=request.data)
        return answer(serializers.ActionSerializer, row)


class JobWriteViewSet(JobViewSet):
    @extend_schema(request=inputs.JobRequest, responses={202: serializers.JobSerializer, **REFUSALS})
    def create(self, request):
        job = writes.job_request(user=request.user, data=request.data)
        return answer(serializers.JobSerializer, job, status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: serializers.JobSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        return answer(serializers.JobSerializer, writes.job_retry(user=request.user, pk=self.object_id()), 202)
