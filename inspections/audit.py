"""The audit trail, read per object by the provincial office.

Every audited model carries django-simple-history (``history``), which records each
create, change and delete with the user (``HistoryRequestMiddleware`` — admin edits
included), the time and the full row, so any two records give before → after.
"""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from tthc_inspect.history import object_history
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


def audited_model(slug: str):
    if slug not in AUDITED:
        raise Http404
    return apps.get_model(AUDITED[slug])


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
