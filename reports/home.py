""" "Việc của tôi": what each role should do next, read from the same scoped querysets as the lists.

Every count is the count of the list it links to (same ``visible_to`` queryset, same filter), and each
panel costs a fixed number of queries whatever the amount of data (pinned at two sizes by the tests).
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from findings.models import DeadlineExtension, Finding, RemediationAction
from findings.remediation.selectors import action_counts
from findings.selectors import VisitProgress
from inspections.access import RESULTS_RELEASED, REVIEWER_ROLES, team_plan_ids
from inspections.models import Decision, Plan, TeamMember, Visit
from reports.models import DocumentVersion
from units.models import Agency
from units.roles import Role, roles_of

ROWS_SHOWN = 8
UPCOMING_DAYS = 14
ActionStatus = RemediationAction.Status


@dataclass
class Panel:
    """One box of the home page: a title, the count of its list, the link to that list and a few rows."""

    title: str
    count: int
    url: str = ""
    rows: list = field(default_factory=list)
    empty: str = ""

    @property
    def row_kind(self) -> str:
        """Which row markup the template uses: visit, plan, version, action or extension."""
        return type(self.rows[0]).__name__.lower() if self.rows else ""


def link(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def progress_of(visit: Visit) -> VisitProgress:
    """The workspace's progress (``findings.selectors.visit_progress``) read from the visit's tally row."""
    tally = getattr(visit, "result_total", None)
    if tally is None:
        return VisitProgress(assessed=0, applicable=0, passed=0, partial=0, failed=0)
    return VisitProgress(
        assessed=tally.passed + tally.partial + tally.failed,
        applicable=tally.items - tally.not_applicable,
        passed=tally.passed,
        partial=tally.partial,
        failed=tally.failed,
    )


def _visit_rows(queryset, order=("planned_start", "pk")) -> list[Visit]:
    rows = list(queryset.select_related("agency", "plan", "result_total").order_by(*order)[:ROWS_SHOWN])
    for visit in rows:
        visit.progress = progress_of(visit)
    return rows


def inspector_panels(user, today: datetime.date) -> list[Panel]:
    """A team member: today's and upcoming visits, and the visits in progress with their progress."""
    team = Visit.objects.visible_to(user).filter(plan_id__in=team_plan_ids(user))
    soon = today + datetime.timedelta(days=UPCOMING_DAYS)
    upcoming = team.filter(status__in=[Visit.Status.SCHEDULED, Visit.Status.IN_PROGRESS]).filter(
        Q(planned_start__lte=today, planned_end__gte=today) | Q(planned_start__gt=today, planned_start__lte=soon)
    )
    in_progress = team.filter(status=Visit.Status.IN_PROGRESS)
    counts = team.aggregate(
        upcoming=Count("pk", filter=Q(pk__in=upcoming.values("pk"))),
        in_progress=Count("pk", filter=Q(status=Visit.Status.IN_PROGRESS)),
    )
    return [
        Panel(
            _("Lịch kiểm tra hôm nay và %(n)d ngày tới") % {"n": UPCOMING_DAYS},
            counts["upcoming"],
            rows=_visit_rows(upcoming),
            empty=_("Không có cuộc kiểm tra nào trong thời gian này."),
        ),
        Panel(
            _("Đang kiểm tra: tiến độ ghi nhận"),
            counts["in_progress"],
            rows=_visit_rows(in_progress),
            empty=_("Không có cuộc kiểm tra nào đang thực hiện."),
        ),
    ]


def head_panels(user, today: datetime.date) -> list[Panel]:
    """A head or deputy: the submitted visits to review and the document drafts of their plans to finalise."""
    led = TeamMember.objects.filter(official__user=user, role__in=REVIEWER_ROLES)
    plans = led.values("decision__plan_id")
    review = Visit.objects.visible_to(user).filter(plan_id__in=plans, status=Visit.Status.SUBMITTED)
    drafts = (
        DocumentVersion.objects.visible_to(user)
        .filter(status=DocumentVersion.Status.DRAFT)
        .filter(Q(document__plan_id__in=plans, document__visit__isnull=True) | Q(document__visit__plan_id__in=plans))
    )
    draft_rows = list(drafts.select_related("document__plan", "document__visit__agency").order_by("-pk")[:ROWS_SHOWN])
    return [
        Panel(
            _("Kết quả chờ Trưởng đoàn xem xét"),
            review.count(),
            rows=_visit_rows(review),
            empty=_("Không có kết quả nào chờ xem xét."),
        ),
        Panel(
            _("Dự thảo văn bản chờ hoàn thiện, ban hành"),
            drafts.count(),
            rows=draft_rows,
            empty=_("Không có dự thảo nào."),
        ),
    ]


def _plans_in_progress(plans) -> Panel:
    """The office's and the leadership's first panel: the plans under way."""
    return Panel(
        _("Kế hoạch đang kiểm tra"),
        plans.count(),
        link("inspections:plan_list", status=Plan.Status.IN_PROGRESS),
        list(plans.order_by("-year", "number")[:ROWS_SHOWN]),
        _("Không có kế hoạch nào đang kiểm tra."),
    )


def office_panels(user, today: datetime.date) -> list[Panel]:
    """The office: plans in progress, visits awaiting a conclusion, actions to verify, overdue, extensions."""
    plans = Plan.objects.visible_to(user).filter(status=Plan.Status.IN_PROGRESS)
    awaiting = Visit.objects.visible_to(user).filter(status__in=RESULTS_RELEASED, conclusion_issued_on__isnull=True)
    actions = RemediationAction.objects.visible_to(user)
    counts = action_counts(queryset=actions, today=today)
    pending = DeadlineExtension.objects.filter(action__in=actions, status=DeadlineExtension.Status.PENDING)
    reported = actions.filter(status=ActionStatus.REPORTED)
    overdue = actions.overdue(today)
    return [
        _plans_in_progress(plans),
        Panel(
            _("Cuộc kiểm tra chờ ban hành kết luận"),
            awaiting.count(),
            rows=_visit_rows(awaiting, order=("planned_end", "pk")),
            empty=_("Không có cuộc kiểm tra nào chờ kết luận."),
        ),
        _action_panel(_("Biện pháp chờ xác minh"), counts["reported"], reported, status=ActionStatus.REPORTED),
        _action_panel(_("Biện pháp quá hạn"), counts["overdue"], overdue, overdue="on"),
        Panel(
            _("Đề nghị gia hạn chờ quyết định"),
            pending.count(),
            rows=list(pending.select_related("action__agency").order_by("pk")[:ROWS_SHOWN]),
            empty=_("Không có đề nghị nào chờ quyết định."),
        ),
    ]


def _action_panel(title, count: int, queryset, **query) -> Panel:
    rows = list(queryset.select_related("agency").order_by("deadline", "pk")[:ROWS_SHOWN])
    return Panel(title, count, link("findings:action_list", **query), rows, _("Không có biện pháp nào."))


def liaison_panels(user, today: datetime.date) -> list[Panel]:
    """A liaison: results to explain, actions due with their deadlines, the state of extension requests."""
    results = Visit.objects.visible_to(user).filter(status__in=RESULTS_RELEASED)
    unexplained = Finding.objects.filter(
        visit__in=results, kind=Finding.Kind.LIMITATION, explanations__isnull=True
    ).values("visit_id")
    to_explain = results.filter(pk__in=unexplained)
    actions = RemediationAction.objects.visible_to(user)
    due = actions.filter(status__in=RemediationAction.AGENCY_STATES)
    extensions = DeadlineExtension.objects.filter(action__in=actions).select_related("action__agency")
    return [
        Panel(
            _("Kết quả kiểm tra có hạn chế cần giải trình"),
            to_explain.count(),
            rows=_visit_rows(to_explain, order=("-planned_start", "pk")),
            empty=_("Không có hạn chế nào chờ giải trình."),
        ),
        _action_panel(_("Biện pháp phải khắc phục và thời hạn"), due.count(), due),
        Panel(
            _("Đề nghị gia hạn đã gửi"),
            extensions.count(),
            rows=list(extensions.order_by("-requested_at", "-pk")[:ROWS_SHOWN]),
            empty=_("Chưa gửi đề nghị gia hạn nào."),
        ),
    ]


def first_steps(user) -> list[dict] | None:
    """On an installation without a plan ready to inspect: directory → plan → decision → visits, each done or not."""
    if Role.OFFICE not in roles_of(user):
        return None
    plan = Plan.objects.order_by("-pk").first()
    done = {
        "directory": Agency.objects.exists(),
        "plan": plan is not None,
        "decision": plan is not None and Decision.objects.filter(plan=plan).exists(),
        "visits": plan is not None and plan.visits.exists(),
    }
    if all(done.values()):
        return None
    return [
        {
            "done": done["directory"],
            "title": _("Danh bạ cơ quan, cán bộ"),
            "url": reverse("admin:units_agency_changelist"),
        },
        {"done": done["plan"], "title": _("Lập kế hoạch kiểm tra"), "url": reverse("inspections:plan_create")},
        {
            "done": done["decision"],
            "title": _("Quyết định thành lập đoàn"),
            "url": reverse("inspections:decision_create", args=[plan.pk]) if plan else "",
        },
        {
            "done": done["visits"],
            "title": _("Lịch kiểm tra tại các cơ quan"),
            "url": reverse("inspections:visit_create", args=[plan.pk]) if plan else "",
        },
    ]


def leadership_panels(user, today: datetime.date) -> list[Panel]:
    """Leadership: the overview — plans and visits under way with their progress, overdue actions."""
    in_progress = Visit.objects.visible_to(user).filter(status=Visit.Status.IN_PROGRESS)
    plans = Plan.objects.visible_to(user).filter(status=Plan.Status.IN_PROGRESS)
    actions = RemediationAction.objects.visible_to(user)
    counts = action_counts(queryset=actions, today=today)
    return [
        _plans_in_progress(plans),
        Panel(
            _("Đang kiểm tra: tiến độ ghi nhận"),
            in_progress.count(),
            link("dashboards:overview"),
            _visit_rows(in_progress),
            _("Không có cuộc kiểm tra nào đang thực hiện."),
        ),
        _action_panel(_("Biện pháp quá hạn"), counts["overdue"], actions.overdue(today), overdue="on"),
    ]


PANELS = {
    Role.OFFICE: office_panels,
    Role.TEAM_HEAD: head_panels,
    Role.TEAM_MEMBER: inspector_panels,
    Role.LIAISON: liaison_panels,
    Role.LEADERSHIP: leadership_panels,
}


def home_for_user(*, user, today: datetime.date) -> dict:
    """The panels of each of the user's roles, in a fixed order; leadership gets the overview's figures."""
    roles = roles_of(user)
    sections = []
    for role, build in PANELS.items():
        if role in roles:
            sections.append((role.label, build(user, today)))
    if Role.TEAM_HEAD in roles and Role.TEAM_MEMBER not in roles:
        sections.append((Role.TEAM_MEMBER.label, inspector_panels(user, today)))
    return {"sections": sections, "first_steps": first_steps(user)}
