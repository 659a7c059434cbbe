"""The plan form's checklist edition and legal bases: offered, preselected by the plan's date, drafted.

A new plan may leave the edition empty: on save it gets the shipped edition valid on its date
(``checklists.services.checklist_default``). An existing plan shows its own, or that edition.
An edition is refused for a plan dated before it applies, or after a newer edition replaced it.
"""

from django.utils.translation import gettext as _

from checklists.models import ChecklistTemplate
from checklists.services import checklist_default, checklist_editions
from inspections.citations import legal_bases_draft


def _label(template: ChecklistTemplate) -> str:
    label = f"{template.title} (v{template.version})"
    if template.valid_from:
        label += _(" — áp dụng cho kế hoạch từ %(date)s") % {"date": f"{template.valid_from:%d/%m/%Y}"}
    return label


def _offered(form) -> list[int]:
    """The newest version of every template code (the editions and the plans' own copies), and the plan's own."""
    newest = {}
    for pk, code in ChecklistTemplate.objects.order_by("code", "-version").values_list("pk", "code"):
        newest.setdefault(code, pk)
    ids = list(newest.values())
    if form.instance.checklist_id:
        ids.append(form.instance.checklist_id)
    return ids


def plan_editions_field(form) -> None:
    """Set up the ``checklist`` and ``legal_bases`` fields of a PlanForm."""
    checklist_editions()  # the shipped editions exist before they are offered
    field = form.fields["checklist"]
    field.queryset = ChecklistTemplate.objects.filter(pk__in=_offered(form)).order_by("valid_from", "code", "-version")
    field.label_from_instance = _label
    field.empty_label = _("— Ấn bản mặc định áp dụng vào ngày ban hành kế hoạch —")
    plan = form.instance
    if plan.pk and not form.is_bound:
        if form.initial.get("checklist") is None:  # the instance's own None counts as not chosen
            form.initial["checklist"] = plan.checklist_id or checklist_default(on=plan.issued_on).pk
        if not plan.legal_bases:
            decision = plan.decisions.order_by("issued_on", "pk").first()
            form.initial["legal_bases"] = "\n".join(legal_bases_draft(plan, decision))


def edition_clean(form, cleaned: dict) -> None:
    """Empty → the edition valid on the plan's date; a shipped edition not valid on that date → an error."""
    issued_on = cleaned.get("issued_on")
    if issued_on is None:
        return
    chosen = cleaned.get("checklist")
    valid = checklist_default(on=issued_on)
    if chosen is None:
        cleaned["checklist"] = valid
        return
    editions = {e.code: e for e in checklist_editions()}
    if chosen.code not in editions or chosen.code == valid.code:
        return
    if chosen.valid_from and chosen.valid_from > issued_on:
        message = _("Ấn bản này áp dụng cho kế hoạch ban hành từ ngày %(date)s.")
        form.add_error("checklist", message % {"date": f"{chosen.valid_from:%d/%m/%Y}"})
    else:  # an older edition, replaced by ``valid`` before the plan's date
        message = _("Kế hoạch ban hành ngày %(date)s dùng ấn bản “%(title)s” (áp dụng từ %(from)s).")
        form.add_error(
            "checklist",
            message % {"date": f"{issued_on:%d/%m/%Y}", "title": valid.title, "from": f"{valid.valid_from:%d/%m/%Y}"},
        )
