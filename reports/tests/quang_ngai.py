"""A 2026 inspection plan of tỉnh Quảng Ngãi (after the 2025 reform) as test data: 6 visits, 1 done.

Built beside the Kon Tum 2020 demo (which must keep printing its 2020 content). The plan leaves its
checklist empty, so its visits start from the edition valid on its date (kstthc-2025).
"""

import datetime
from dataclasses import dataclass

from conftest import make_user, status_set
from findings.models import Finding, ItemResult
from findings.models.results import Progress, Result, Severity
from findings.services import visit_start
from inspections.models import Decision, Plan, TeamMember, Visit
from units.models import AdminArea, Agency, Kind, Level, Official
from units.roles import Role

AGENCIES = [
    ("Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi", Kind.SERVICE_CENTRE, Level.PROVINCE),
    ("Sở Tư pháp tỉnh Quảng Ngãi", Kind.DEPARTMENT, Level.PROVINCE),
    ("Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi", Kind.DEPARTMENT, Level.PROVINCE),
    ("UBND xã Măng Đen", Kind.PEOPLES_COMMITTEE, Level.COMMUNE),
    ("UBND xã Đăk Hà", Kind.PEOPLES_COMMITTEE, Level.COMMUNE),
    ("UBND xã Sa Thầy", Kind.PEOPLES_COMMITTEE, Level.COMMUNE),
]


@dataclass
class QuangNgai:
    plan: Plan
    done: Visit
    head: Official
    visits: list[Visit]


def _team(plan: Plan, office: Agency) -> Official:
    decision = Decision.objects.create(
        plan=plan,
        number="120/QĐ-UBND",
        issued_on=datetime.date(2026, 3, 10),
        title="Thành lập Đoàn kiểm tra công tác kiểm soát thủ tục hành chính năm 2026",
        signer_name="Trần Văn B",
        signer_position="Chủ tịch",
    )
    roles = [("Lê Thị Hoa", TeamMember.Role.HEAD), ("Phạm Văn Nam", TeamMember.Role.MEMBER)]
    roles.append(("Võ Thị Lan", TeamMember.Role.SECRETARY))
    officials = []
    for order, (name, role) in enumerate(roles):
        official = Official.objects.create(full_name=name, agency=office)
        TeamMember.objects.create(decision=decision, official=official, role=role, home_agency=office, order=order)
        officials.append(official)
    return officials[0]


def _visits(plan: Plan, area: AdminArea) -> list[Visit]:
    visits = []
    for index, (name, kind, level) in enumerate(AGENCIES):
        agency = Agency.objects.create(
            name=name, kind=kind, level=level, area=area, valid_from=datetime.date(2025, 7, 1)
        )
        day = datetime.date(2026, 4, 6 + index)
        visits.append(Visit.objects.create(plan=plan, agency=agency, planned_start=day, planned_end=day))
    return visits


def quang_ngai_plan(*, long_text: str = "", office_user=None) -> QuangNgai:
    """The 2026 plan; the first visit is done (submitted) with one strength and one limitation."""
    area = AdminArea.objects.get(edition=AdminArea.Edition.REFORM_2025, level=Level.PROVINCE, code=51)
    issuer = Agency.objects.get(name="UBND tỉnh Quảng Ngãi")
    office = Agency.objects.create(
        name="Văn phòng UBND tỉnh Quảng Ngãi", kind=Kind.OFFICE, level=Level.PROVINCE, area=area, parent=issuer
    )
    plan = Plan.objects.create(
        number="25/KH-UBND",
        issued_on=datetime.date(2026, 3, 2),
        issuer=issuer,
        year=2026,
        title="Kiểm tra công tác kiểm soát thủ tục hành chính năm 2026 trên địa bàn tỉnh Quảng Ngãi",
        content_areas="Chỉ đạo, điều hành\nTrung tâm Phục vụ hành chính công\nGiải quyết TTHC",
        period_start=datetime.date(2026, 4, 6),
        period_end=datetime.date(2026, 5, 29),
        status=Plan.Status.IN_PROGRESS,
    )
    head = _team(plan, office)
    visits = _visits(plan, area)
    done = visits[0]
    recorder = office_user or make_user("qn_member", Role.TEAM_MEMBER, office, "Đặng Văn Tín")
    visit_start(visit=done, user=recorder)
    results = list(ItemResult.objects.filter(visit=done).select_related("item").order_by("item__code"))
    for index, row in enumerate(results):
        row.result = Result.FAIL if index == 0 else Result.PASS
        row.progress = Progress.DONE
        row.save(update_fields=["result", "progress"])
    Finding.objects.create(
        visit=done,
        item=results[0].item,
        kind=Finding.Kind.LIMITATION,
        severity=Severity.MEDIUM,
        description="Chưa niêm yết danh mục TTHC không phụ thuộc địa giới hành chính. " + long_text,
        cause="Chưa cập nhật quyết định công bố của tỉnh. " + long_text,
        recommendation="Niêm yết ngay danh mục TTHC không phụ thuộc địa giới hành chính. " + long_text,
    )
    Finding.objects.create(
        visit=done,
        item=results[1].item,
        kind=Finding.Kind.STRENGTH,
        description="Tiếp nhận hồ sơ qua bưu chính công ích và trực tuyến đầy đủ. " + long_text,
    )
    Visit.objects.filter(pk=done.pk).update(actual_start=done.planned_start, actual_end=done.planned_end)
    status_set(done, Visit.Status.SUBMITTED)
    return QuangNgai(plan=plan, done=done, head=head, visits=visits)
