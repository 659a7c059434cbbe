"""A reproducible synthetic data set at national scale, for dashboards and benchmarks.

``synthetic_generate`` builds, from a seeded ``random.Random``:

- the real area lists (``units.services.areas_load``) for the chosen provinces of 2025 and the
  provinces they were merged from;
- per pre-2025 province: UBND tỉnh, Văn phòng, departments, district People's Committees and a
  sample of commune People's Committees (valid until 30/06/2025); per 2025 province the same
  without districts (valid from 01/07/2025), linked to their predecessors;
- one plan per issuing province per year (pre-2025 provinces up to 2025, the merged ones after),
  a decision with a team of three, visits to a share of the province's agencies, one result per
  applicable item of the default checklist, findings (limitations on failed items, strengths on
  passed ones) and remediation actions with a spread of statuses and deadlines.

Rows are written with ``bulk_create`` in batches and **without django-simple-history records**:
synthetic rows are not edits made by users, so there is nothing to audit. Plans and agencies get
their search keys set here because ``bulk_create`` skips ``save()``.

The same options and seed give the same rows (ids aside) on an empty database.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from checklists.models import ChecklistItem
from checklists.services import checklist_default
from findings.models import Finding, ItemResult, RemediationAction
from findings.models.results import Progress, Result, Severity
from inspections.models import Decision, Plan, TeamMember, Visit
from tthc_inspect.text import fold
from units.models import AdminArea, Agency, Kind, Level, Official
from units.services import LEGACY_END, REFORM_DATE, areas_load

SYNTHETIC_PURPOSE = "Dữ liệu mô phỏng (manage.py generate_data)."
BATCH = 2000
FINDINGS_PER_VISIT = 12
LEGACY_DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
]
REFORM_DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Trung tâm Phục vụ hành chính công",
]
ACTION_TEXT = "Khắc phục hạn chế đã nêu, hoàn thiện hồ sơ và báo cáo kết quả về Văn phòng UBND tỉnh."


@dataclass(frozen=True)
class SyntheticSize:
    provinces: int = 34
    agencies: int = 3000
    years: int = 7
    findings: int = 100_000
    actions: int = 20_000
    last_year: int = 2026
    seed: int = 2020


@dataclass
class SyntheticResult:
    provinces: int = 0
    agencies: int = 0
    plans: int = 0
    visits: int = 0
    item_results: int = 0
    findings: int = 0
    actions: int = 0


class SyntheticDataExists(RuntimeError):
    pass


def _in_text(area: AdminArea) -> str:
    return area.name_in_text


@dataclass
class _Province:
    """One issuing province (a pre-2025 one, or a 2025 one) and its agencies."""

    area: AdminArea
    legacy: bool
    ubnd: Agency | None = None
    office: Agency | None = None
    inspected: list[Agency] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)


def _pick_provinces(count: int) -> list[AdminArea]:
    """2025 provinces: Quảng Ngãi (which took in Kon Tum, the demo's province) first, then by code."""
    codes = [51] + [c for c in range(1, 100) if c != 51]
    from vietnam_provinces import Province

    known = {p.code.value for p in Province.iter_all()}
    wanted = [c for c in codes if c in known][:count]
    areas_load(province_codes=wanted)
    current = {a.code: a for a in AdminArea.objects.filter(edition=AdminArea.Edition.REFORM_2025, level=Level.PROVINCE)}
    return [current[c] for c in wanted if c in current]


def _agency(name: str, kind: str, level: str, area: AdminArea, legacy: bool, **extra) -> Agency:
    dates = {"valid_to": LEGACY_END} if legacy else {"valid_from": REFORM_DATE}
    return Agency(
        name=name,
        search_name=fold(name),
        short_name=extra.pop("short_name", ""),
        kind=kind,
        level=level,
        area=area,
        **dates,
        **extra,
    )


def _bulk(model, rows: list, existing: dict | None = None) -> list:
    """bulk_create new rows; rows already present (same name and area) are reused, for a demo loaded first."""
    if existing is None:
        return model.objects.bulk_create(rows, batch_size=BATCH)
    fresh = [r for r in rows if (r.name, r.area_id) not in existing]
    model.objects.bulk_create(fresh, batch_size=BATCH)
    return [existing.get((r.name, r.area_id), r) for r in rows]


def _build_agencies(rng: random.Random, provinces: list[AdminArea], budget: int) -> list[_Province]:
    """Essential agencies (UBND tỉnh, Văn phòng) everywhere; the rest sampled to fit ``budget``."""
    legacy_of = _legacy_provinces(provinces)
    issuing: list[_Province] = []
    for province in provinces:
        issuing += [_Province(area=old, legacy=True) for old in legacy_of[province.pk]]
        issuing.append(_Province(area=province, legacy=False))
    existing = {(a.name, a.area_id): a for a in Agency.objects.filter(area__isnull=False)}
    heads = []
    for p in issuing:
        place = _in_text(p.area)
        heads.append(_agency(f"UBND {place}", Kind.PEOPLES_COMMITTEE, Level.PROVINCE, p.area, p.legacy))
        heads.append(_agency(f"Văn phòng UBND {place}", Kind.OFFICE, Level.PROVINCE, p.area, p.legacy))
    heads = _bulk(Agency, heads, existing)
    for index, p in enumerate(issuing):
        p.ubnd, p.office = heads[2 * index], heads[2 * index + 1]
    by_area = {p.area.pk: p for p in issuing}
    candidates = _inspected_candidates(rng, issuing, by_area, room=max(0, budget - len(heads)))
    rows = [_agency(name, kind, level, area, p.legacy, parent=p.ubnd) for p, name, kind, level, area in candidates]
    rows = _bulk(Agency, rows, existing)
    for (p, *_), agency in zip(candidates, rows, strict=True):
        p.inspected.append(agency)
    _link_successors(provinces, legacy_of, issuing, by_area)
    _office_officials(issuing)
    return issuing


def _legacy_provinces(provinces: list[AdminArea]) -> dict[int, list[AdminArea]]:
    """{2025 province: the pre-2025 provinces merged into it}."""
    legacy_of: dict[int, list[AdminArea]] = {p.pk: [] for p in provinces}
    through = AdminArea.successors.through
    links = through.objects.filter(to_adminarea__in=provinces, from_adminarea__level=Level.PROVINCE).select_related(
        "from_adminarea"
    )
    for link in links.order_by("from_adminarea__code"):
        legacy_of[link.to_adminarea_id].append(link.from_adminarea)
    return legacy_of


def _inspected_candidates(rng: random.Random, issuing: list[_Province], by_area: dict, *, room: int) -> list[tuple]:
    """(province, name, kind, level, area) of the agencies to inspect: departments and districts, shuffled and cut
    to ``room``; when they do not fill it, communes sampled to make up the rest."""
    districts = list(
        AdminArea.objects.filter(parent__in=[p.area for p in issuing if p.legacy], level=Level.DISTRICT).order_by(
            "code"
        )
    )
    communes = list(
        AdminArea.objects.filter(
            Q(parent__in=districts) | Q(parent__in=[p.area for p in issuing if not p.legacy]), level=Level.COMMUNE
        )
        .select_related("parent")
        .order_by("edition", "code")
    )
    candidates: list[tuple[_Province, str, str, str, AdminArea]] = []
    for p in issuing:
        for dept in LEGACY_DEPARTMENTS if p.legacy else REFORM_DEPARTMENTS:
            kind = Kind.SERVICE_CENTRE if dept.startswith("Trung tâm") else Kind.DEPARTMENT
            candidates.append((p, f"{dept} {_in_text(p.area)}", kind, Level.PROVINCE, p.area))
    for d in districts:
        candidates.append((by_area[d.parent_id], f"UBND {_in_text(d)}", Kind.PEOPLES_COMMITTEE, Level.DISTRICT, d))
    rng.shuffle(candidates)
    if room < len(candidates):
        return candidates[:room]
    district_ids = {d.pk for d in districts}
    province_of = {d.pk: d.parent_id for d in districts}
    for c in rng.sample(communes, min(len(communes), room - len(candidates))):
        owner = by_area[province_of[c.parent_id]] if c.parent_id in district_ids else by_area[c.parent_id]
        candidates.append((owner, f"UBND {_in_text(c)}", Kind.PEOPLES_COMMITTEE, Level.COMMUNE, c))
    return candidates


def _link_successors(provinces: list[AdminArea], legacy_of: dict, issuing: list[_Province], by_area: dict) -> None:
    """Each pre-2025 UBND tỉnh → the UBND of the province it was merged into."""
    new_ubnd = {p.area.pk: p.ubnd for p in issuing if not p.legacy}
    successor_links = []
    for province in provinces:
        for old in legacy_of[province.pk]:
            successor_links.append(
                Agency.successors.through(from_agency_id=by_area[old.pk].ubnd.pk, to_agency_id=new_ubnd[province.pk].pk)
            )
    Agency.successors.through.objects.bulk_create(successor_links, ignore_conflicts=True)


def _office_officials(issuing: list[_Province]) -> None:
    """Three officials of each provincial office: the inspection teams."""
    officials = []
    for p in issuing:
        for n, title in enumerate(("Phó Chánh Văn phòng", "Chuyên viên", "Chuyên viên")):
            officials.append(
                Official(full_name=f"Cán bộ {n + 1} {p.office.name}"[:120], position=title, agency=p.office)
            )
    officials = Official.objects.bulk_create(officials, batch_size=BATCH)
    for index, p in enumerate(issuing):
        p.officials = officials[3 * index : 3 * index + 3]


def _weighted(rng: random.Random, quality: float) -> str:
    """One result: Đạt with probability ``quality``, the rest split between partial and fail, 5 % N/A."""
    x = rng.random()
    if x < 0.05:
        return Result.NOT_APPLICABLE
    x = (x - 0.05) / 0.95
    if x < quality:
        return Result.PASS
    return Result.PARTIAL if x < quality + (1 - quality) / 2 else Result.FAIL


def _visit_status(year: int, last_year: int, rng: random.Random) -> str:
    """Earlier years are closed; the last year is still under way."""
    if year < last_year:
        return Visit.Status.CLOSED
    x = rng.random()
    if x < 0.2:
        return Visit.Status.SCHEDULED
    if x < 0.4:
        return Visit.Status.IN_PROGRESS
    return Visit.Status.SUBMITTED if x < 0.6 else Visit.Status.CLOSED


def _plan_dates(year: int, legacy: bool, rng: random.Random):
    if legacy and year == REFORM_DATE.year:
        # The last pre-2025 round finishes before the provinces merge.
        issued = datetime.date(year, 2, 1) + datetime.timedelta(days=rng.randrange(30))
        return issued, datetime.date(year, 4, 1), datetime.date(year, 6, 20)
    issued = datetime.date(year, 3, 1) + datetime.timedelta(days=rng.randrange(60))
    return issued, datetime.date(year, 5, 4), datetime.date(year, 10, 30)


def _years(size: SyntheticSize) -> list[int]:
    return list(range(size.last_year - size.years + 1, size.last_year + 1))


def _active(p: _Province, year: int) -> bool:
    """Pre-2025 provinces issue plans up to 2025; the merged ones from 2026."""
    return year <= REFORM_DATE.year if p.legacy else year > REFORM_DATE.year


@transaction.atomic
def synthetic_generate(size: SyntheticSize, log: Callable[[str], None] = lambda s: None) -> SyntheticResult:
    """Generate the data set described in the module docstring; refuses to add a second one.

    Every random draw comes from one ``random.Random(size.seed)`` in a fixed order: the same
    size and seed give the same rows.
    """
    if Plan.objects.filter(purpose=SYNTHETIC_PURPOSE).exists():
        raise SyntheticDataExists("Cơ sở dữ liệu đã có dữ liệu mô phỏng; hãy dùng một cơ sở dữ liệu trống.")
    rng = random.Random(size.seed)
    provinces = _pick_provinces(size.provinces)
    log(f"areas: {AdminArea.objects.count()}")
    template = checklist_default()
    items = list(ChecklistItem.objects.filter(section__template=template).order_by("section__order", "order", "pk"))
    issuing = _build_agencies(rng, provinces, size.agencies)
    result = SyntheticResult(provinces=len(provinces))
    result.agencies = sum(2 + len(p.inspected) for p in issuing)
    log(f"agencies: {result.agencies}")
    quality = {a.pk: rng.uniform(0.45, 0.95) for p in issuing for a in p.inspected}
    years = _years(size)
    agency_years = sum(len(p.inspected) for p in issuing for y in years if _active(p, y)) or 1
    coverage = min(1.0, max(0.05, size.findings / FINDINGS_PER_VISIT / agency_years))
    plans = _plans_and_teams(rng, size, issuing, years, template)
    result.plans = len(plans)
    log(f"plans: {len(plans)}")
    visits = _visits(rng, size, plans, coverage, template)
    result.visits = len(visits)
    log(f"visits: {len(visits)}")
    recorded = [v for v in visits if v.status != Visit.Status.SCHEDULED]
    items_for = {level: [i for i in items if i.applies_to(level)] for level in Level.values}
    level_of = {a.pk: a.level for p in issuing for a in p.inspected}
    result.item_results, result.findings = _results_and_findings(
        rng,
        recorded,
        size.findings,
        items_of=lambda v: items_for[level_of[v.agency_id]],
        quality=quality,
        first=years[0],
    )
    log(f"item results: {result.item_results}, findings: {result.findings}")
    result.actions = _actions(rng, size, [v.pk for v in visits if v.status == Visit.Status.CLOSED])
    log(f"actions: {result.actions}")
    return result


def _plans_and_teams(rng: random.Random, size: SyntheticSize, issuing: list[_Province], years, template) -> list:
    """[(plan, its province)]: a plan per active province and year, its decision, a team of the province's officials."""
    plans: list[Plan] = []
    provinces: list[_Province] = []
    for year in years:
        for p in issuing:
            if not _active(p, year) or not p.inspected:
                continue
            issued, start, end = _plan_dates(year, p.legacy, rng)
            status = Plan.Status.COMPLETED if year < size.last_year else Plan.Status.IN_PROGRESS
            title = f"Kiểm tra công tác kiểm soát thủ tục hành chính năm {year} trên địa bàn {_in_text(p.area)}"
            number = f"{rng.randrange(100, 3000)}/KH-UBND"
            plans.append(
                Plan(
                    number=number,
                    issued_on=issued,
                    issuer=p.ubnd,
                    year=year,
                    title=title,
                    purpose=SYNTHETIC_PURPOSE,
                    period_start=start,
                    period_end=end,
                    status=status,
                    checklist=template,
                    search_text=fold(f"{number} {title}"),
                )
            )
            provinces.append(p)
    plans = Plan.objects.bulk_create(plans, batch_size=BATCH)
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                plan=plan,
                number=f"{rng.randrange(100, 3000)}/QĐ-UBND",
                issued_on=plan.issued_on + datetime.timedelta(days=10),
                title=f"Thành lập Đoàn kiểm tra công tác kiểm soát thủ tục hành chính năm {plan.year}",
                signer_name="Chủ tịch UBND tỉnh",
                signer_position="Chủ tịch",
            )
            for plan in plans
        ],
        batch_size=BATCH,
    )
    roles = [TeamMember.Role.HEAD, TeamMember.Role.MEMBER, TeamMember.Role.SECRETARY]
    TeamMember.objects.bulk_create(
        [
            TeamMember(decision=d, official=o, role=roles[n], home_agency=p.office, order=n)
            for d, p in zip(decisions, provinces, strict=True)
            for n, o in enumerate(p.officials)
        ],
        batch_size=BATCH,
    )
    return list(zip(plans, provinces, strict=True))


def _visits(rng: random.Random, size: SyntheticSize, plans: list, coverage: float, template) -> list[Visit]:
    """Each plan visits about ``coverage`` of its province's agencies (at least one), on dates within its period."""
    visits: list[Visit] = []
    for plan, province in plans:
        inspected = province.inspected
        chosen = [a for a in inspected if rng.random() < coverage] or [rng.choice(inspected)]
        span = (plan.period_end - plan.period_start).days
        for agency in chosen:
            start = plan.period_start + datetime.timedelta(days=rng.randrange(max(1, span - 2)))
            end = start + datetime.timedelta(days=rng.randrange(2))
            status = _visit_status(plan.year, size.last_year, rng)
            started = status != Visit.Status.SCHEDULED
            visits.append(
                Visit(
                    plan=plan,
                    agency=agency,
                    planned_start=start,
                    planned_end=end,
                    actual_start=start if started else None,
                    actual_end=end if status in (Visit.Status.SUBMITTED, Visit.Status.CLOSED) else None,
                    status=status,
                    checklist=template if started else None,
                    conclusion_issued_on=end + datetime.timedelta(days=rng.randrange(20, 45))
                    if status == Visit.Status.CLOSED
                    else None,
                )
            )
    return Visit.objects.bulk_create(visits, batch_size=BATCH)


def _results_and_findings(rng, recorded: list[Visit], findings: int, *, items_of, quality, first: int) -> tuple:
    """Item results, and ``findings`` findings spread over the recorded visits, written in batches: the counts."""
    per_visit = [findings // max(1, len(recorded))] * len(recorded)
    for index in rng.sample(range(len(recorded)), findings % max(1, len(recorded)) if recorded else 0):
        per_visit[index] += 1
    results_batch: list[ItemResult] = []
    findings_batch: list[Finding] = []
    written = [0, 0]
    for visit, wanted in zip(recorded, per_visit, strict=True):
        year_bonus = 0.03 * (visit.plan.year - first)  # agencies improve over the years
        rows, passed, failed = _visit_results(
            rng, visit, items_of(visit), min(0.97, quality[visit.agency_id] + year_bonus)
        )
        results_batch += rows
        findings_batch += _visit_findings(rng, visit, passed, failed, wanted)
        if len(results_batch) >= 5 * BATCH:
            written[0] += len(ItemResult.objects.bulk_create(results_batch, batch_size=BATCH))
            results_batch = []
        if len(findings_batch) >= 5 * BATCH:
            written[1] += len(Finding.objects.bulk_create(findings_batch, batch_size=BATCH))
            findings_batch = []
    written[0] += len(ItemResult.objects.bulk_create(results_batch, batch_size=BATCH))
    written[1] += len(Finding.objects.bulk_create(findings_batch, batch_size=BATCH))
    return tuple(written)


def _visit_results(rng, visit: Visit, items: list, quality: float) -> tuple[list[ItemResult], list, list]:
    """One result per item (a visit not yet submitted leaves some unassessed); the items passed and those short."""
    done = visit.status in (Visit.Status.SUBMITTED, Visit.Status.CLOSED)
    rows, passed, failed = [], [], []
    for item in items:
        value = _weighted(rng, quality) if done or rng.random() < 0.6 else ""
        rows.append(
            ItemResult(visit=visit, item=item, result=value, progress=Progress.DONE if value else Progress.TODO)
        )
        if value == Result.PASS:
            passed.append(item)
        elif value in (Result.PARTIAL, Result.FAIL):
            failed.append(item)
    return rows, passed, failed


def _visit_findings(rng, visit: Visit, passed: list, failed: list, wanted: int) -> list[Finding]:
    """``wanted`` findings: limitations on items short first, then strengths on items passed, then general remarks."""
    weak = rng.sample(failed, min(len(failed), wanted))
    strong = rng.sample(passed, min(len(passed), wanted - len(weak)))
    severities = [Severity.LOW, Severity.MEDIUM, Severity.HIGH]
    rows = [
        Finding(
            visit=visit,
            item=item,
            kind=Finding.Kind.LIMITATION,
            description=f"Chưa thực hiện đầy đủ: {item.text}",
            cause="Chưa bố trí đủ nhân lực; người đứng đầu chưa quan tâm đúng mức.",
            recommendation=f"Khắc phục ngay: {item.text}",
            severity=rng.choice(severities),
        )
        for item in weak
    ]
    rows += [
        Finding(visit=visit, item=item, kind=Finding.Kind.STRENGTH, description=f"Thực hiện tốt: {item.text}")
        for item in strong
    ]
    rows += [
        Finding(
            visit=visit,
            kind=Finding.Kind.LIMITATION,
            description="Hồ sơ lưu trữ chưa khoa học, khó tra cứu.",
            recommendation="Sắp xếp lại hồ sơ theo quy định.",
            severity=Severity.LOW,
        )
        for _ in range(wanted - len(weak) - len(strong))
    ]
    return rows


def synthetic_analyze() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load (autovacuum would, later)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _actions(rng: random.Random, size: SyntheticSize, closed_visit_ids: list[int]) -> int:
    """Actions for a sample of the limitations of closed visits, with statuses by age."""
    limitations = list(
        Finding.objects.filter(kind=Finding.Kind.LIMITATION, visit_id__in=closed_visit_ids)
        .order_by("pk")
        .values_list("pk", "visit_id", "visit__agency_id", "visit__conclusion_issued_on", "description")
    )
    chosen = sorted(rng.sample(limitations, min(size.actions, len(limitations))))
    reference = datetime.date(size.last_year, 11, 30)
    utc = datetime.UTC
    rows = []
    for finding_id, visit_id, agency_id, concluded, description in chosen:
        deadline = concluded + datetime.timedelta(days=rng.choice((15, 30, 30, 45, 60)))
        age = (reference - deadline).days
        status = _action_status(age, rng.random())
        reported = status in (Status.REPORTED, Status.VERIFIED, Status.RETURNED)
        when = datetime.datetime.combine(deadline, datetime.time(9), tzinfo=utc) - datetime.timedelta(days=3)
        rows.append(
            RemediationAction(
                visit_id=visit_id,
                agency_id=agency_id,
                finding_id=finding_id,
                description=description,
                measure=ACTION_TEXT,
                deadline=deadline,
                status=status,
                report_text="Đơn vị đã khắc phục và gửi minh chứng." if reported else "",
                reported_at=when if reported else None,
                reviewed_at=when + datetime.timedelta(days=5) if status in (Status.VERIFIED, Status.RETURNED) else None,
            )
        )
    RemediationAction.objects.bulk_create(rows, batch_size=BATCH)
    # bulk_create stamps created_at with "now"; an action is demanded on the day of the conclusion.
    _backdate_actions()
    return len(rows)


Status = RemediationAction.Status


def _action_status(age: int, x: float) -> str:
    """By days past the deadline (``age``): old actions are mostly verified, current ones mostly open."""
    if age > 365:
        cuts = [(0.85, Status.VERIFIED), (0.9, Status.REPORTED), (0.95, Status.RETURNED)]
    elif age > 0:
        cuts = [(0.5, Status.VERIFIED), (0.7, Status.REPORTED), (0.8, Status.RETURNED)]
    else:
        return Status.OPEN if x < 0.6 else Status.REPORTED if x < 0.85 else Status.VERIFIED
    return next((status for cut, status in cuts if x < cut), Status.OPEN)


def _backdate_actions() -> None:
    from django.db.models import DateTimeField, OuterRef, Subquery
    from django.db.models.functions import Cast

    concluded = Visit.objects.filter(pk=OuterRef("visit_id")).values("conclusion_issued_on")[:1]
    RemediationAction.objects.filter(visit__plan__purpose=SYNTHETIC_PURPOSE).update(
        created_at=Cast(Subquery(concluded), DateTimeField())
    )
