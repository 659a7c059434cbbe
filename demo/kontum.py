"""The Kon Tum 2020 demo: plan 1978/KH-UBND, decision 398/QĐ-UBND, 8 agencies, one account per role.

Everything is keyed by natural keys and written with update_or_create, so running the
loader again changes nothing and creates nothing twice. Team members' names are
placeholders (the source names nobody); which subordinate unit each agency showed the
team is illustrative.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from inspections.models import Decision, Plan, TeamMember, Visit
from tthc_inspect.history import acting_as
from units.models import AdminArea, Agency, Kind, Level, Official
from units.roles import GROUP_NAMES, Role, project_app_labels, role_permissions_grant
from units.services import LEGACY_END, REFORM_DATE, areas_load

D = datetime.date
PLAN_NUMBER = "1978/KH-UBND"
DECISION_NUMBER = "398/QĐ-UBND"

CONTENT_AREAS = [
    "Công tác chỉ đạo, điều hành và tổ chức thực hiện hoạt động kiểm soát TTHC",
    "Công tác tổ chức, nhân sự thực hiện kiểm soát TTHC",
    "Việc công khai TTHC",
    "Việc giải quyết TTHC",
    "Kết quả thực hiện Đề án theo Quyết định 26/QĐ-UBND ngày 09/01/2020 của UBND tỉnh về tổ chức lại "
    "Bộ phận Tiếp nhận và Trả kết quả cấp huyện, cấp xã",
]

# (agency name, short name, subordinate unit shown on the ground, visit day in August 2020)
DEPARTMENTS = [
    ("Sở Tài nguyên và Môi trường", "Sở TN&MT", "Văn phòng Đăng ký đất đai tỉnh Kon Tum", 7),
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "Phòng Đăng ký kinh doanh", 10),
    ("Sở Nội vụ", "Sở Nội vụ", "Ban Thi đua - Khen thưởng", 12),
    ("Sở Tài chính", "Sở Tài chính", "Phòng Quản lý giá và Công sản", 14),
]
# (legacy district code, commune shown on the ground, visit day in August 2020)
DISTRICTS = [
    (611, "Thị trấn Plei Kần", 18),
    (615, "Thị trấn Đắk Hà", 20),
    (613, "Thị trấn Măng Đen", 24),
    (616, "Thị trấn Sa Thầy", 26),
]

# username → (full name, position, agency key, role, team role or None)
ACCOUNTS = {
    "office": ("Đặng Thị Phương", "Chuyên viên Phòng Kiểm soát TTHC", "vp", Role.OFFICE, None),
    "head": ("Nguyễn Văn A", "Phó Chánh Văn phòng UBND tỉnh", "vp", Role.TEAM_HEAD, TeamMember.Role.HEAD),
    "member": ("Lê Văn C", "Chuyên viên Sở Tư pháp", "stp", Role.TEAM_MEMBER, TeamMember.Role.MEMBER),
    "liaison": ("Võ Văn Giang", "Chuyên viên, đầu mối kiểm soát TTHC", "ngoc_hoi", Role.LIAISON, None),
    "leader": ("Bùi Văn Hùng", "Phó Chủ tịch UBND tỉnh", "ubnd", Role.LEADERSHIP, None),
}
OTHER_MEMBERS = [
    ("Trần Thị B", "Phó Trưởng phòng Kiểm soát TTHC", "vp", TeamMember.Role.DEPUTY),
    ("Phạm Thị D", "Chuyên viên Sở Nội vụ", "snv", TeamMember.Role.MEMBER),
    ("Hoàng Văn E", "Chuyên viên Phòng Kiểm soát TTHC", "vp", TeamMember.Role.SECRETARY),
]


UNTIL_REFORM = {"valid_to": LEGACY_END}  # the pre-2025 agencies


@dataclass(frozen=True)
class DemoResult:
    plan: Plan
    usernames: list[str]


def _agency(name: str, **fields) -> Agency:
    agency, _ = Agency.objects.update_or_create(name=name, defaults=fields)
    return agency


def _under(parent: Agency, name: str, kind: str, **fields) -> Agency:
    """A unit under ``parent``, in its level and area unless ``fields`` say otherwise, until the 2025 reform."""
    return _agency(
        name, **{"kind": kind, "level": parent.level, "area": parent.area, "parent": parent, **UNTIL_REFORM, **fields}
    )


def _official(full_name: str, agency: Agency, **fields) -> Official:
    official, _ = Official.objects.update_or_create(full_name=full_name, agency=agency, defaults=fields)
    return official


@transaction.atomic
def demo_load(*, password: str | None = None, area_provinces: list[int] | None = None) -> DemoResult:
    """Load the demo; ``area_provinces`` limits the area list (tests pass [62] for speed). Safe to rerun."""
    password = password or settings.DEMO_PASSWORD
    areas_load(province_codes=area_provinces)
    legacy = AdminArea.objects.filter(edition=AdminArea.Edition.PRE_2025)
    kon_tum = legacy.get(level=Level.PROVINCE, code=62)
    agencies = _provincial_agencies(kon_tum)
    schedule = _departments(agencies) + _districts(agencies, legacy)
    plan, decision = _plan_and_decision(agencies["ubnd"])
    _accounts_and_team(decision, agencies, password)
    _visits(plan, schedule)

    from demo.kontum_findings import demo_findings_load, demo_remediation_load

    users = {u.username: u for u in User.objects.filter(username__in=list(ACCOUNTS))}
    with acting_as(users["member"]):  # the audit trail names the demo's users, not "system"
        demo_findings_load(plan=plan, recorder=users["member"])
    with acting_as(users["office"]):
        demo_remediation_load(plan=plan, office=users["office"], head=users["head"], liaison=users["liaison"])
    return DemoResult(plan=plan, usernames=list(ACCOUNTS))


# A visit of the schedule: the agency, its unit inspected on the spot, the units seen, the day in August 2020.
Scheduled = tuple[Agency, Agency, list[Agency], int]


def _provincial_agencies(kon_tum: AdminArea) -> dict[str, Agency]:
    """UBND tỉnh Kon Tum (succeeded by UBND tỉnh Quảng Ngãi in 2025), its office and the justice department."""
    quang_ngai = AdminArea.objects.get(edition=AdminArea.Edition.REFORM_2025, level=Level.PROVINCE, code=51)
    ubnd = _agency(
        "UBND tỉnh Kon Tum",
        short_name="UBND tỉnh",
        kind=Kind.PEOPLES_COMMITTEE,
        level=Level.PROVINCE,
        area=kon_tum,
        **UNTIL_REFORM,
    )
    successor = _agency(
        "UBND tỉnh Quảng Ngãi",
        short_name="UBND tỉnh",
        kind=Kind.PEOPLES_COMMITTEE,
        level=Level.PROVINCE,
        area=quang_ngai,
        valid_from=REFORM_DATE,
    )
    ubnd.successors.add(successor)
    return {
        "ubnd": ubnd,
        "vp": _under(ubnd, "Văn phòng UBND tỉnh Kon Tum", Kind.OFFICE, short_name="VP UBND tỉnh"),
        "stp": _under(ubnd, "Sở Tư pháp", Kind.DEPARTMENT, short_name="Sở Tư pháp"),
    }


def _departments(agencies: dict[str, Agency]) -> list[Scheduled]:
    """The four departments inspected, each with the subordinate unit seen; adds Sở Nội vụ to ``agencies``."""
    schedule = []
    for name, short, sub_name, day in DEPARTMENTS:
        dept = _under(agencies["ubnd"], name, Kind.DEPARTMENT, short_name=short)
        sub = _under(dept, sub_name if "Kon Tum" in sub_name else f"{sub_name} - {name}", Kind.SUBORDINATE)
        schedule.append((dept, sub, [sub], day))
        if name == "Sở Nội vụ":
            agencies["snv"] = dept
    return schedule


def _districts(agencies: dict[str, Agency], legacy) -> list[Scheduled]:
    """The four district People's Committees, each with its one-stop desk and a commune seen; adds Ngọc Hồi."""
    schedule = []
    for code, commune_name, day in DISTRICTS:
        district = legacy.get(level=Level.DISTRICT, code=code)
        short = district.name.removeprefix("Huyện ")
        ubnd_d = _under(
            agencies["ubnd"],
            f"UBND {district.name_in_text}",
            Kind.PEOPLES_COMMITTEE,
            short_name=f"UBND huyện {short}",
            level=Level.DISTRICT,
            area=district,
        )
        desk = _under(ubnd_d, f"Bộ phận Tiếp nhận và Trả kết quả huyện {short}", Kind.ONE_STOP_DESK)
        commune = district.children.get(name=commune_name)
        ubnd_c = _under(
            ubnd_d, f"UBND {commune.name_in_text}", Kind.PEOPLES_COMMITTEE, level=Level.COMMUNE, area=commune
        )
        schedule.append((ubnd_d, ubnd_c, [ubnd_c, desk], day))
        if code == 611:
            agencies["ngoc_hoi"] = ubnd_d
    return schedule


def _plan_and_decision(ubnd: Agency) -> tuple[Plan, Decision]:
    """Kế hoạch 1978/KH-UBND and Quyết định 398/QĐ-UBND forming the team."""
    fields = {
        "year": 2020,
        "title": "Kiểm tra công tác kiểm soát thủ tục hành chính năm 2020 trên địa bàn tỉnh Kon Tum",
        "purpose": "Đánh giá tình hình, kết quả thực hiện công tác kiểm soát thủ tục hành chính tại các "
        "cơ quan, đơn vị, địa phương; kịp thời chấn chỉnh những tồn tại, hạn chế.",
        "content_areas": "\n".join(CONTENT_AREAS),
        "period_start": D(2020, 8, 7),
        "period_end": D(2020, 8, 26),
    }
    # The 2020 plan and visits are created as they ended: a status is a row's first value here, and a
    # second run leaves it alone (a status moves only through the services: tthc_inspect.states).
    plan, _ = Plan.objects.update_or_create(
        number=PLAN_NUMBER,
        issuer=ubnd,
        issued_on=D(2020, 6, 4),
        defaults=fields,
        create_defaults={**fields, "status": Plan.Status.COMPLETED},
    )
    decision, _ = Decision.objects.update_or_create(
        plan=plan,
        number=DECISION_NUMBER,
        defaults={
            "issued_on": D(2020, 6, 24),
            "title": "Thành lập Đoàn kiểm tra công tác kiểm soát thủ tục hành chính năm 2020 trên địa bàn tỉnh Kon Tum",
            "signer_name": ACCOUNTS["leader"][0],
            "signer_position": ACCOUNTS["leader"][1],
        },
    )
    return plan, decision


def _accounts_and_team(decision: Decision, agencies: dict[str, Agency], password: str) -> None:
    """The five demo accounts with their groups and officials, and the team of the decision."""
    for name in GROUP_NAMES.values():  # a flushed database (transactional tests) lost the migration's groups
        Group.objects.get_or_create(name=name)
    role_permissions_grant(project_app_labels())
    for username, (full_name, position, agency_key, role, team_role) in ACCOUNTS.items():
        user, created = User.objects.get_or_create(username=username)
        # Vietnamese names read family name first: keep the whole name in first_name so
        # get_full_name() gives "Nguyễn Văn A", not "A Nguyễn Văn".
        user.first_name, user.last_name = full_name, ""
        user.is_staff = role == Role.OFFICE
        user.set_password(password)
        user.save()
        # get_or_create: a flushed database (transactional tests) has lost the migration's groups.
        user.groups.set([Group.objects.get_or_create(name=GROUP_NAMES[role])[0]])
        official = _official(
            full_name, agencies[agency_key], position=position, user=user, is_focal_point=role == Role.LIAISON
        )
        if team_role:
            TeamMember.objects.update_or_create(
                decision=decision,
                official=official,
                defaults={"role": team_role, "home_agency": official.agency, "order": list(ACCOUNTS).index(username)},
            )
    for order, (full_name, position, agency_key, team_role) in enumerate(OTHER_MEMBERS, start=10):
        official = _official(full_name, agencies[agency_key], position=position)
        TeamMember.objects.update_or_create(
            decision=decision,
            official=official,
            defaults={"role": team_role, "home_agency": official.agency, "order": order},
        )


def _visits(plan: Plan, schedule: list[Scheduled]) -> None:
    """One closed visit per scheduled agency, with the units seen and the agency's focal point met."""
    for agency, _sub, seen, day in schedule:
        focal = Official.objects.filter(agency=agency, is_focal_point=True).order_by("pk").first()
        if focal is None:
            focal = _official(
                f"Đầu mối KSTTHC - {agency.short_name or agency.name}",
                agency,
                position="Công chức đầu mối kiểm soát TTHC",
                is_focal_point=True,
            )
        dates = {
            "planned_start": D(2020, 8, day),
            "planned_end": D(2020, 8, day),
            "actual_start": D(2020, 8, day),
            "actual_end": D(2020, 8, day),
        }
        visit, _ = Visit.objects.update_or_create(
            plan=plan, agency=agency, defaults=dates, create_defaults={**dates, "status": Visit.Status.CLOSED}
        )
        visit.units_seen.set(seen)
        visit.people_met.set([focal])
