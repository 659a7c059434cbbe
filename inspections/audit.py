"""The audit trail, read per object by the provincial office.

Every audited model carries django-simple-history (``history``), which records each
create, change and delete with the user (``HistoryRequestMiddleware`` — admin edits
included), the time and the full row, so any two records give before → after.
"""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from units.roles import is_office

# URL slug → model; the slugs appear in /nhat-ky/<slug>/<pk>/.
AUDITED = {
    "ke-hoach": "inspections.Plan",
    "quyet-dinh": "inspections.Decision",
    "thanh-vien-doan": "inspections.TeamMember",
    "kiem-tra": "inspections.Visit",
    "ket-qua": "findings.ItemResult",
    "phat-hien": "findings.Finding",
    "minh-chung": "findings.Evidence",
    "giai-trinh": "findings.Explanation",
    "bien-ban": "findings.VisitMinutes",
    "khac-phuc": "findings.RemediationAction",
    "gia-han": "findings.DeadlineExtension",
    "van-ban": "reports.DocumentVersion",
    "co-quan": "units.Agency",
}
IGNORED_FIELDS = {"revision", "updated_at", "search_text", "search_name", "storage_key"}


def audited_model(slug: str):
    if slug not in AUDITED:
        raise Http404
    return apps.get_model(AUDITED[slug])


def _display(field, value):
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    if field.many_to_many:
        return ", ".join(str(next(iter(row.values()))) for row in value) if isinstance(value, list) else str(value)
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    return str(value)


def object_history(model, pk: int) -> list[dict]:
    """Records of one object (deleted or not), newest first, each with its field changes."""
    records = list(model.history.filter(id=pk).select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=IGNORED_FIELDS)
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
        elif record.history_type == "+":
            for field in model._meta.concrete_fields:
                if field.name in IGNORED_FIELDS or field.primary_key:
                    continue
                value = getattr(record, field.attname, None)
                if value not in (None, ""):
                    changes.append({"field": field.verbose_name, "old": "—", "new": _display(field, value)})
        entries.append({"record": record, "changes": changes})
    return entries


@login_required
def audit_object(request, slug: str, pk: int):
    """Office only: anyone else gets 404, as for any object they may not see."""
    if not is_office(request.user):
        raise Http404
    model = audited_model(slug)
    entries = object_history(model, pk)
    if not entries:
        raise Http404
    return render(
        request,
        "audit/object_history.html",
        {
            "model_name": model._meta.verbose_name,
            "object_label": entries[0]["record"].history_object,
            "entries": entries,
            "pk": pk,
        },
    )
