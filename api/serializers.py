"""What the API shows of each resource. Everything here is read-only: writes go through the pages'
forms and services (api/writes.py), so no serializer can set a status or any other field."""

from rest_framework import serializers

from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from findings.models import Evidence, Finding, ItemResult, RemediationAction
from inspections.models import Decision, Plan, TeamMember, Visit
from reports.models import Document, DocumentVersion, RenderJob
from units.models import AdminArea, Agency, Official


class ReadOnly(serializers.ModelSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.read_only = True


class AreaSerializer(ReadOnly):
    class Meta:
        model = AdminArea
        fields = ["id", "edition", "level", "code", "name", "division_type", "parent", "valid_from", "valid_to"]


class AgencySerializer(ReadOnly):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "kind", "level", "area", "parent", "valid_from", "valid_to"]


class OfficialSerializer(ReadOnly):
    class Meta:
        model = Official
        fields = ["id", "full_name", "position", "agency", "phone", "email", "is_focal_point"]


class PlanSerializer(ReadOnly):
    class Meta:
        model = Plan
        fields = [
            "id",
            "number",
            "issued_on",
            "issuer",
            "year",
            "title",
            "purpose",
            "content_areas",
            "period_start",
            "period_end",
            "is_ad_hoc",
            "status",
            "checklist",
            "created_at",
            "updated_at",
        ]


class TeamMemberSerializer(ReadOnly):
    full_name = serializers.CharField(source="official.full_name", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "official", "full_name", "role", "home_agency", "order"]


class DecisionSerializer(ReadOnly):
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "plan", "number", "issued_on", "title", "signer_name", "signer_position", "members"]


class VisitSerializer(ReadOnly):
    class Meta:
        model = Visit
        fields = [
            "id",
            "plan",
            "agency",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "status",
            "checklist",
            "review_comment",
            "conclusion_issued_on",
        ]


class ChecklistItemSerializer(ReadOnly):
    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "order",
            "code",
            "text",
            "guidance",
            "legal_basis",
            "applies_province",
            "applies_district",
            "applies_commune",
        ]


class ChecklistSectionSerializer(ReadOnly):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistSection
        fields = ["id", "order", "code", "title", "legal_basis", "items"]


class ChecklistSerializer(ReadOnly):
    class Meta:
        model = ChecklistTemplate
        fields = ["id", "code", "version", "title", "description", "created_at"]


class ChecklistDetailSerializer(ChecklistSerializer):
    sections = ChecklistSectionSerializer(many=True, read_only=True)

    class Meta(ChecklistSerializer.Meta):
        fields = [*ChecklistSerializer.Meta.fields, "sections"]


class ItemResultSerializer(ReadOnly):
    item_code = serializers.CharField(source="item.code", read_only=True)

    class Meta:
        model = ItemResult
        fields = ["id", "visit", "item", "item_code", "result", "progress", "note", "revision", "updated_at"]


class FindingSerializer(ReadOnly):
    class Meta:
        model = Finding
        fields = [
            "id",
            "visit",
            "item",
            "kind",
            "description",
            "cause",
            "recommendation",
            "severity",
            "evidence",
            "earlier_finding",
            "revision",
            "created_at",
            "updated_at",
        ]


class EvidenceSerializer(ReadOnly):
    class Meta:
        model = Evidence
        fields = [
            "id",
            "visit",
            "kind",
            "caption",
            "captured_at",
            "uploaded_at",
            "sha256",
            "size",
            "width",
            "height",
            "extension",
        ]


class ActionSerializer(ReadOnly):
    class Meta:
        model = RemediationAction
        fields = [
            "id",
            "visit",
            "agency",
            "finding",
            "description",
            "measure",
            "deadline",
            "status",
            "report_text",
            "report_evidence",
            "reported_at",
            "reviewed_at",
            "review_comment",
            "revision",
            "created_at",
        ]


class DocumentSerializer(ReadOnly):
    class Meta:
        model = Document
        fields = ["id", "kind", "plan", "visit", "created_at"]


class VersionSerializer(ReadOnly):
    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "document",
            "version",
            "status",
            "issued_on",
            "deadline",
            "number",
            "signer_name",
            "signer_position",
            "sha256",
            "size",
            "created_at",
            "finalized_at",
        ]


class JobSerializer(ReadOnly):
    class Meta:
        model = RenderJob
        fields = [
            "id",
            "version",
            "format",
            "final",
            "status",
            "progress",
            "error",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "sha256",
            "size",
            "pages",
        ]


SERIALIZERS = {
    ItemResult: ItemResultSerializer,
    Finding: FindingSerializer,
    RemediationAction: ActionSerializer,
    Plan: PlanSerializer,
    Visit: VisitSerializer,
}


def serializer_for(obj):
    return SERIALIZERS[type(obj)]
