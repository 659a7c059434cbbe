"""The audit trail, read per object by the provincial office.

Every audited model carries django-simple-history (``history``), which records each
create, change and delete with the user (``HistoryRequestMiddleware`` — admin edits
included), the time and the full row, so any two records give before → after. Which
models, under which slug, each app registers itself (``tthc_inspect.audit``).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from tthc_inspect.audit import audited_model
from tthc_inspect.history import object_history
from units.roles import is_office


@login_required
def audit_object(request, slug: str, pk: int):
    """Office only: anyone else gets 404, as for any object they may not see."""
    model = audited_model(slug)
    if model is None or not is_office(request.user):
        raise Http404
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
