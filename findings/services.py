"""Write operations at a visit: start, record results and findings, evidence, workflow.

Each function is one transaction. Concurrent edits are caught with a revision
number claimed by a compare-and-set UPDATE; the write itself then goes through
``save()`` so that django-simple-history records who changed what. A save sent again
after its answer was lost (same user, same change, over the revision that save produced)
is recognised as already done, not as a conflict (``revision_claim_or_done``).
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from checklists.models import ChecklistItem, ChecklistTemplate
from checklists.services import checklist_default
from findings import visit_notices
from findings.evidence_files import evidence_check
from findings.models import Evidence, Explanation, Finding, ItemResult, VisitMinutes
from inspections.models import Visit
from tthc_inspect.history import records_user
from tthc_inspect.states import locked_in_state
from tthc_inspect.text import nfc
from units.scoping import scope_confirm


class WorkflowError(Exception):
    """The visit is not in a state that allows this step; the message says why, in Vietnamese."""


@dataclass
class EditConflict(Exception):
    """Someone else saved the same record first; ``current`` is their version."""

    current: object


@records_user
@transaction.atomic
def visit_start(*, visit: Visit, user) -> Visit:
    """Begin recording: fix the checklist version and create one result row per applicable item."""
    visit = locked_in_state(visit, Visit.Status.SCHEDULED, _("Cuộc kiểm tra đã bắt đầu."), WorkflowError)
    template = visit.plan.checklist or checklist_default(on=visit.plan.issued_on)
    level = visit.agency.level
    items = [i for i in template_items(template) if i.applies_to(level)]
    bulk_create_with_history([ItemResult(visit=visit, item=item) for item in items], ItemResult, default_user=user)
    visit.checklist = template
    visit.start()
    visit.save(update_fields=["checklist", "status"])
    return visit


def template_items(template: ChecklistTemplate):
    return (
        ChecklistItem.objects.filter(section__template=template)
        .select_related("section")
        .order_by("section__order", "section__pk", "order", "pk")
    )


def revision_claim(model, pk: int, revision: int):
    """Compare-and-set on the revision: returns the locked row, or raises EditConflict with the winner's version."""
    claimed = model.objects.filter(pk=pk, revision=revision).update(revision=F("revision") + 1)
    obj = model.objects.get(pk=pk)
    if not claimed:
        raise EditConflict(current=obj)
    return obj


def _holds(row, values: dict) -> bool:
    """Whether ``row`` already stores ``values`` (text as it is stored, NFC; relations by id; m2m as sets)."""
    for name, wanted in values.items():
        field = row._meta.get_field(name)
        if field.many_to_many:
            if set(getattr(row, name).values_list("pk", flat=True)) != {obj.pk for obj in wanted}:
                return False
        elif field.is_relation:
            if getattr(row, field.attname) != getattr(wanted, "pk", wanted):
                return False
        elif getattr(row, name) != (nfc(wanted) if isinstance(wanted, str) else wanted):
            return False
    return True


def revision_claim_or_done(model, pk: int, revision: int, *, user, values: dict):
    """``(row, False)`` when the revision is claimed; ``(row, True)`` when this very save was already done.

    A save whose answer was lost (the connection dropped after the commit, a proxy timed out) is
    sent again by the browser or the user with the revision it was made over. If the row now holds
    exactly these values, at the next revision, and that revision was saved by the same user, the
    change is already stored: answering with a conflict naming the user themself would be wrong.
    Anything else (another user, another change, a later revision) is a conflict as before.
    """
    try:
        return revision_claim(model, pk, revision), False
    except EditConflict as conflict:
        current = conflict.current
        if current.revision == revision + 1 and _holds(current, values):
            made = current.history.filter(revision=current.revision).order_by("-history_id").first()
            # No history row: that save changed nothing (it records nothing); this one changes nothing either.
            if made is None or made.history_user_id == user.pk:
                return current, True
        raise


@records_user
@transaction.atomic
def item_result_save(
    *, item_result: ItemResult, revision: int, user, result: str, progress: str, note: str
) -> ItemResult:
    values = {"result": result, "progress": progress, "note": note}
    row, done = revision_claim_or_done(ItemResult, item_result.pk, revision, user=user, values=values)
    row.visit, row.item = item_result.visit, item_result.item  # unchanged by a save; the answer renders both
    if done:
        return row
    row.result, row.note = result, note
    if progress != row.progress or row.progress_by_id is None:
        row.progress_by = user
    row.progress = progress
    row.updated_by = user
    row.save()
    return row


@records_user
@transaction.atomic
def finding_create(*, visit: Visit, user, data: dict, evidence: list[Evidence]) -> Finding:
    finding = Finding(visit=visit, created_by=user, **data)
    finding.full_clean()
    finding.save()
    if evidence:  # a new finding has none to compare with (``set`` would read them first)
        finding.evidence.add(*evidence)
    scope_confirm(finding, user)  # the writer still sees it (else refused, rolled back)
    return finding


@records_user
@transaction.atomic
def finding_update(*, finding: Finding, user, revision: int, data: dict, evidence: list[Evidence]) -> Finding:
    row, done = revision_claim_or_done(Finding, finding.pk, revision, user=user, values={**data, "evidence": evidence})
    if done:
        return row
    for key, value in data.items():
        setattr(row, key, value)
    row.full_clean()
    row.save()
    row.evidence.set(evidence)
    return row


@records_user
@transaction.atomic
def finding_delete(*, finding: Finding, user) -> None:
    if Finding.objects.filter(pk=finding.pk, action__isnull=False).exists():
        raise WorkflowError(_("Hạn chế này đã thành biện pháp khắc phục; không xóa được."))
    finding.delete()


@records_user
@transaction.atomic
def evidence_upload(*, visit: Visit, user, upload, caption: str) -> Evidence:
    """Check the file's content, store it under a random name with its derivatives."""
    checked = evidence_check(upload)
    evidence = Evidence(
        visit=visit,
        kind=checked.kind,
        extension=checked.extension,
        caption=caption,
        uploaded_by=user,
        sha256=checked.sha256,
        size=len(checked.content),
        width=checked.width,
        height=checked.height,
        captured_at=checked.captured_at,
        original_name=(getattr(upload, "name", "") or "")[:255],
    )
    evidence.original.save("original", ContentFile(checked.content), save=False)
    if checked.print_jpeg:
        evidence.print_image.save("print", ContentFile(checked.print_jpeg), save=False)
        evidence.thumbnail.save("thumb", ContentFile(checked.thumb_jpeg), save=False)
    evidence.save()
    return evidence


@records_user
@transaction.atomic
def evidence_delete(*, evidence: Evidence, user) -> None:
    files = [f for f in (evidence.original, evidence.print_image, evidence.thumbnail) if f]
    names = [(f.storage, f.name) for f in files]
    evidence.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


@records_user
@transaction.atomic
def explanation_add(*, finding: Finding, user, text: str) -> Explanation:
    explanation = Explanation(finding=finding, author=user, text=text)
    explanation.full_clean()
    explanation.save()
    return explanation


@records_user
@transaction.atomic
def minutes_save(*, visit: Visit, user, revision: int, data: dict) -> VisitMinutes:
    existing, _created = VisitMinutes.objects.get_or_create(visit=visit)
    minutes, done = revision_claim_or_done(VisitMinutes, existing.pk, revision, user=user, values=data)
    if done:
        return minutes
    for key, value in data.items():
        setattr(minutes, key, value)
    minutes.full_clean()
    minutes.save()
    return minutes


@records_user
@transaction.atomic
def visit_submit(*, visit: Visit, user) -> Visit:
    refusal = _("Chỉ nộp được kết quả của cuộc kiểm tra đang thực hiện.")
    visit = locked_in_state(visit, Visit.Status.IN_PROGRESS, refusal, WorkflowError)
    pending = visit.item_results.filter(result="").count()
    if pending:
        raise WorkflowError(
            _("Còn %(n)d tiêu chí chưa có kết quả; hãy đánh giá (hoặc chọn “Không áp dụng”) trước khi nộp.")
            % {"n": pending}
        )
    visit.submit()
    visit.save(update_fields=["status"])
    visit_notices.visit_submitted(visit, user)
    return visit


@records_user
@transaction.atomic
def visit_return(*, visit: Visit, user, comment: str) -> Visit:
    visit = locked_in_state(visit, Visit.Status.SUBMITTED, _("Chỉ trả lại được kết quả đã nộp."), WorkflowError)
    if visit.conclusion_issued_on:
        raise WorkflowError(_("Kết luận kiểm tra đã được ban hành; không trả lại kết quả được nữa."))
    if not comment.strip():
        raise WorkflowError(_("Hãy ghi ý kiến khi trả lại để thành viên đoàn biết cần sửa gì."))
    visit.send_back(comment.strip())
    visit.save(update_fields=["status", "review_comment"])
    visit_notices.visit_returned(visit, user, comment.strip())
    return visit


@records_user
@transaction.atomic
def visit_close(*, visit: Visit, user) -> Visit:
    refusal = _("Chỉ kết thúc được cuộc kiểm tra đã nộp kết quả.")
    visit = locked_in_state(visit, Visit.Status.SUBMITTED, refusal, WorkflowError)
    visit.close()
    visit.save(update_fields=["status"])
    visit_notices.visit_closed(visit, user)
    return visit
