"""Write operations of the remediation follow-up; each one transaction, each step in history."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from findings.models import DeadlineExtension, Finding, RemediationAction, ReminderSent
from findings.services import evidence_upload, revision_claim
from inspections.access import REVIEWER_ROLES, results_released
from inspections.models import Visit
from notices.models import Kind
from notices.services import notify
from tthc_inspect.history import records_user
from units.roles import GROUP_NAMES, Role
from units.scoping import scope_confirm

Status = RemediationAction.Status
# Characters of an action's description, or of a reviewer's comment, quoted in a notification or e-mail.
QUOTED_SHORT = 120
QUOTED_LONG = 200


class RemediationError(ValidationError):
    """A step the action's state or the input does not allow, said in Vietnamese.

    ``RemediationError(message)`` refuses the step as a whole; ``RemediationError({"field": message})``
    refuses one input, named as in the step's form, so the view shows the message on that field.
    """


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_deadline(visit: Visit, deadline: datetime.date | None) -> None:
    if deadline is None:
        raise RemediationError({"deadline": _("Hãy nhập thời hạn khắc phục.")})
    if visit.conclusion_issued_on and deadline < visit.conclusion_issued_on:
        message = _("Thời hạn khắc phục không thể trước ngày ban hành kết luận (%(date)s).")
        raise RemediationError({"deadline": message % {"date": _fmt(visit.conclusion_issued_on)}})


@records_user
@transaction.atomic
def conclusion_issue(
    *, visit: Visit, issued_on: datetime.date, user, days: int | None = None, deadline: datetime.date | None = None
) -> list[RemediationAction]:
    """Record the conclusion date and turn each limitation of the visit into an action.

    The deadline is the visit's one ``remediation_deadline`` (the date the Thông báo prints): the one
    given here, else ``days`` after the conclusion, else the one the Thông báo's draft set, else
    REMEDIATION_DEFAULT_DAYS after the conclusion. It is stored on the visit and copied to each action.
    """
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if not results_released(visit):
        raise RemediationError(_("Chỉ ban hành kết luận khi đoàn đã nộp kết quả kiểm tra."))
    if visit.conclusion_issued_on:
        raise RemediationError(
            _("Kết luận đã được ban hành ngày %(date)s.") % {"date": _fmt(visit.conclusion_issued_on)}
        )
    if issued_on < (visit.actual_end or visit.planned_end):
        raise RemediationError({"issued_on": _("Ngày kết luận không thể trước ngày kết thúc kiểm tra tại đơn vị.")})
    if deadline is None and days:
        deadline = issued_on + datetime.timedelta(days=days)
    deadline = deadline or visit.remediation_deadline
    deadline = deadline or issued_on + datetime.timedelta(days=settings.REMEDIATION_DEFAULT_DAYS)
    if deadline < issued_on:
        raise RemediationError({"deadline": _("Thời hạn khắc phục không thể trước ngày ban hành kết luận.")})
    visit.conclusion_issued_on = issued_on
    visit.remediation_deadline = deadline
    visit.save(update_fields=["conclusion_issued_on", "remediation_deadline"])
    actions = []
    for finding in Finding.objects.filter(visit=visit, kind=Finding.Kind.LIMITATION, action__isnull=True).order_by(
        "pk"
    ):
        action = RemediationAction(
            visit=visit,
            agency=visit.agency,
            finding=finding,
            description=finding.description,
            measure=finding.recommendation or _("Khắc phục hạn chế đã nêu và báo cáo kết quả."),
            deadline=deadline,
            created_by=user,
        )
        action.save()
        actions.append(action)
    _notify_conclusion(visit, actions)
    return actions


def _notify_conclusion(visit: Visit, actions: list[RemediationAction]) -> None:
    with override("vi"):
        message = _("Kết luận kiểm tra tại %(agency)s đã ban hành ngày %(date)s: %(n)d biện pháp khắc phục") % {
            "agency": visit.agency.name,
            "date": _fmt(visit.conclusion_issued_on),
            "n": len(actions),
        }
        detail = "\n".join(f"- {a.measure[:QUOTED_LONG]} (hạn {_fmt(a.deadline)})" for a in actions)
    notify(
        users=_liaisons(visit.agency_id),
        kind=Kind.CONCLUSION_ISSUED,
        message=message,
        detail=detail,
        url=reverse("inspections:visit_detail", args=[visit.pk]),
    )


@records_user
@transaction.atomic
def action_create(*, visit: Visit, user, description: str, measure: str, deadline) -> RemediationAction:
    if not visit.conclusion_issued_on:
        raise RemediationError(_("Hãy ban hành kết luận trước khi thêm biện pháp khắc phục."))
    _check_deadline(visit, deadline)
    action = RemediationAction(
        visit=visit, agency=visit.agency, description=description, measure=measure, deadline=deadline, created_by=user
    )
    action.full_clean()
    action.save()
    scope_confirm(action, user)  # the writer still sees it (else refused, rolled back)
    return action


@records_user
@transaction.atomic
def action_update(
    *, action: RemediationAction, user, revision: int, description: str, measure: str, deadline
) -> RemediationAction:
    _check_deadline(action.visit, deadline)
    row = revision_claim(RemediationAction, action.pk, revision)
    if row.status == Status.VERIFIED:
        raise RemediationError(_("Biện pháp đã được xác minh và đóng; không sửa được nữa."))
    row.description, row.measure, row.deadline = description, measure, deadline
    row.full_clean()
    row.save()
    return row


@records_user
@transaction.atomic
def action_report(
    *, action: RemediationAction, revision: int, user, text: str, uploads: list, captions: list[str]
) -> RemediationAction:
    """The agency reports the measure taken; text and at least one piece of evidence are required."""
    if not (text or "").strip():
        raise RemediationError({"text": _("Hãy mô tả kết quả khắc phục đã thực hiện.")})
    if not uploads:
        raise RemediationError({"file": _("Hãy gửi kèm ít nhất một minh chứng (ảnh hoặc PDF).")})
    row = revision_claim(RemediationAction, action.pk, revision)
    if row.status not in (Status.OPEN, Status.RETURNED):
        raise RemediationError(_("Biện pháp này không ở trạng thái chờ báo cáo."))
    evidence = [
        evidence_upload(visit=row.visit, user=user, upload=upload, caption=caption or _("Minh chứng khắc phục"))
        for upload, caption in zip(uploads, captions, strict=False)
    ]
    row.report_text = text.strip()
    row.report()
    row.reported_by, row.reported_at = user, timezone.now()
    row.review_comment = ""
    row.save()
    row.report_evidence.add(*evidence)
    with override("vi"):
        _notify(
            _reviewers(row),
            row,
            Kind.ACTION_REPORTED,
            _("%(agency)s đã báo cáo khắc phục: %(what)s")
            % {"agency": row.agency.name, "what": row.description[:QUOTED_SHORT]},
        )
    return row


@records_user
@transaction.atomic
def action_verify(*, action: RemediationAction, user, comment: str = "") -> RemediationAction:
    row = RemediationAction.objects.select_for_update().get(pk=action.pk)
    if row.status != Status.REPORTED:
        raise RemediationError(_("Chỉ xác minh được biện pháp đã được báo cáo khắc phục."))
    if row.reported_by_id == user.pk:
        raise RemediationError(_("Không tự xác minh báo cáo do chính mình gửi."))
    row.verify()
    row.reviewed_by, row.reviewed_at, row.review_comment = user, timezone.now(), comment
    row.revision += 1
    row.save()
    # A closed action's deadline no longer moves: the requests still waiting are answered now.
    for extension in row.extensions.select_for_update().filter(status=DeadlineExtension.Status.PENDING):
        extension.refuse()
        extension.decided_by, extension.decided_at = user, row.reviewed_at
        extension.decision_comment = _("Biện pháp đã được xác minh và đóng; không còn cần gia hạn.")
        extension.save()
    with override("vi"):
        _notify(
            _liaisons(row.agency_id),
            row,
            Kind.ACTION_REVIEWED,
            _("Biện pháp khắc phục đã được xác minh và đóng: %(what)s") % {"what": row.description[:QUOTED_SHORT]},
        )
    return row


@records_user
@transaction.atomic
def action_return(*, action: RemediationAction, user, comment: str) -> RemediationAction:
    row = RemediationAction.objects.select_for_update().get(pk=action.pk)
    if row.status != Status.REPORTED:
        raise RemediationError(_("Chỉ trả lại được biện pháp đã được báo cáo khắc phục."))
    if row.reported_by_id == user.pk:
        raise RemediationError(_("Không tự xem xét báo cáo do chính mình gửi."))
    if not (comment or "").strip():
        raise RemediationError({"comment": _("Hãy ghi rõ lý do trả lại để đơn vị khắc phục tiếp.")})
    row.send_back()
    row.reviewed_by, row.reviewed_at = user, timezone.now()
    row.review_comment = comment.strip()
    row.revision += 1
    row.save()
    with override("vi"):
        _notify(
            _liaisons(row.agency_id),
            row,
            Kind.ACTION_REVIEWED,
            _("Báo cáo khắc phục bị trả lại: %(comment)s") % {"comment": comment[:QUOTED_LONG]},
        )
    return row


@records_user
@transaction.atomic
def extension_request(*, action: RemediationAction, user, new_deadline, reason: str) -> DeadlineExtension:
    action = RemediationAction.objects.select_for_update().select_related("agency").get(pk=action.pk)
    if action.status == Status.VERIFIED:
        raise RemediationError(_("Biện pháp đã đóng; không gia hạn được."))
    if new_deadline is None or new_deadline <= action.deadline:
        message = _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(date)s).") % {"date": _fmt(action.deadline)}
        raise RemediationError({"new_deadline": message})
    if not (reason or "").strip():
        raise RemediationError({"reason": _("Hãy nêu lý do đề nghị gia hạn.")})
    if action.extensions.filter(status=DeadlineExtension.Status.PENDING).exists():
        raise RemediationError(_("Đã có một đề nghị gia hạn đang chờ xem xét."))
    extension = DeadlineExtension.objects.create(
        action=action, requested_deadline=new_deadline, reason=reason.strip(), requested_by=user
    )
    with override("vi"):
        _notify(
            _office_users(),
            action,
            Kind.EXTENSION_REQUESTED,
            _("%(agency)s đề nghị gia hạn đến %(date)s") % {"agency": action.agency.name, "date": _fmt(new_deadline)},
        )
    return extension


@records_user
@transaction.atomic
def extension_decide(*, extension: DeadlineExtension, user, grant: bool, comment: str = "") -> DeadlineExtension:
    action = RemediationAction.objects.select_for_update().get(pk=extension.action_id)  # first, as action_verify
    extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != DeadlineExtension.Status.PENDING:
        raise RemediationError(_("Đề nghị này đã được xem xét."))
    if action.status == Status.VERIFIED:
        raise RemediationError(_("Biện pháp đã được xác minh và đóng; không gia hạn được nữa."))
    if not grant and not (comment or "").strip():
        raise RemediationError({"comment": _("Hãy ghi lý do không đồng ý gia hạn.")})
    if grant:
        extension.grant()
    else:
        extension.refuse()
    extension.decided_by, extension.decided_at, extension.decision_comment = user, timezone.now(), comment
    extension.save()
    if grant:
        action.deadline = extension.requested_deadline
        action.revision += 1
        action.save()
    with override("vi"):
        message = (_("Đồng ý gia hạn đến %(date)s") if grant else _("Không đồng ý gia hạn đến %(date)s")) % {
            "date": _fmt(extension.requested_deadline)
        }
    _notify(_liaisons(action.agency_id), action, Kind.EXTENSION_DECIDED, message, detail=comment)
    return extension


# --- Notifications and reminders -----------------------------------------------------------


def _users_in(role: str):
    return get_user_model().objects.filter(groups__name=GROUP_NAMES[role], is_active=True)


def _liaisons(agency_id: int):
    return list(_users_in(Role.LIAISON).filter(official__agency_id=agency_id))


def _office_users():
    return list(_users_in(Role.OFFICE))


def _reviewers(action: RemediationAction):
    heads = get_user_model().objects.filter(
        official__team_roles__decision__plan_id=action.visit.plan_id,
        official__team_roles__role__in=sorted(REVIEWER_ROLES),
    )
    return list({u.pk: u for u in [*_office_users(), *heads]}.values())


def _notify(users, action: RemediationAction, kind: Kind, message: str, *, detail: str = "") -> None:
    """The action's notice for ``users``: in the app, and by e-mail unless a user turned the kind off."""
    url = reverse("findings:action_detail", args=[action.pk])
    notify(users=users, kind=kind, message=message, detail=detail, url=url)


def reminder_kind(deadline: datetime.date, today: datetime.date) -> str | None:
    """Which reminder is due today: due-30/due-7/due-1 before the deadline, overdue-wN each week after."""
    days_left = (deadline - today).days
    if days_left < 0:
        return f"overdue-w{(-days_left - 1) // 7}"
    for days in sorted(settings.REMEDIATION_REMINDER_DAYS):
        if days_left <= days:
            return f"due-{days}"
    return None


def reminders_send(*, today: datetime.date) -> int:
    """Send the reminders due today; each (action, deadline, kind) goes out at most once."""
    sent = 0
    actions = (
        RemediationAction.objects.filter(status__in=[Status.OPEN, Status.RETURNED])
        .select_related("agency", "visit__plan")
        .order_by("pk")
    )
    for action in actions.iterator():
        kind = reminder_kind(action.deadline, today)
        if kind is None:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(action=action, deadline=action.deadline, kind=kind)
                _deliver_reminder(action, kind, today)
        except IntegrityError:
            continue  # already sent by an earlier or concurrent run
        sent += 1
    return sent


def _deliver_reminder(action: RemediationAction, kind: str, today: datetime.date) -> None:
    """The liaisons and the office hear of it, in the app and by e-mail (ReminderSent makes it once)."""
    days_left = (action.deadline - today).days
    with override("vi"):
        if days_left >= 0:
            headline = ngettext("Còn %(n)d ngày đến hạn khắc phục", "Còn %(n)d ngày đến hạn khắc phục", days_left) % {
                "n": days_left
            }
        else:
            headline = ngettext("Quá hạn khắc phục %(n)d ngày", "Quá hạn khắc phục %(n)d ngày", -days_left) % {
                "n": -days_left
            }
        detail = _(
            "Cơ quan: %(agency)s\nKế hoạch: %(plan)s\nHạn chế: %(description)s\n"
            "Biện pháp yêu cầu: %(measure)s\nThời hạn: %(deadline)s\n\n"
            "Vui lòng báo cáo kết quả khắc phục trên hệ thống."
        ) % {
            "agency": action.agency.name,
            "plan": action.visit.plan.number,
            "description": action.description,
            "measure": action.measure,
            "deadline": _fmt(action.deadline),
        }
    notice_kind = Kind.ACTION_OVERDUE if kind.startswith("overdue") else Kind.ACTION_DUE
    recipients = [*_liaisons(action.agency_id), *_office_users()]
    message = f"{headline}: {action.agency.name}: {action.description[:QUOTED_LONG]}"
    _notify(recipients, action, notice_kind, message, detail=detail)
