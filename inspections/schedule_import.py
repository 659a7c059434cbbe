"""Import of a plan's schedule (and its team) from an XLSX sheet: template, preview, save.

The office downloads the template from the plan page, fills one row per inspected agency
(name, area, dates) and, if it wants, the team on a second sheet (name, role, home agency).
``schedule_parse`` reads the upload (bounded: ``tthc_inspect.xlsx.read_rows``), matches every
agency by its name and area without accents (``fold``: "Đăk Hà" finds "Đắk Hà"), among the agencies
in force on the row's dates, and checks each row with the same ``VisitForm`` the visit page uses
(dates inside the plan, one visit per agency). A name that matches several agencies is listed for
the office to choose (``choices``: {line: agency id}). ``schedule_import`` parses again inside one
transaction and writes everything or nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from inspections.forms import VisitForm
from inspections.models import Decision, Plan, TeamMember, Visit
from inspections.services import visit_save
from tthc_inspect.history import records_user
from tthc_inspect.text import fold, nfc
from tthc_inspect.xlsx import Book, XlsxError, read_rows
from units.models import Agency, Kind, Official
from units.scoping import restrict_form_fields

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
SCHEDULE_SHEET = "Lịch kiểm tra"
TEAM_SHEET = "Đoàn kiểm tra"
SCHEDULE_HEADER = ["STT", "Cơ quan được kiểm tra", "Địa bàn (tỉnh, huyện)", "Từ ngày (dd/mm/yyyy)", "Đến ngày"]
TEAM_HEADER = ["STT", "Họ và tên", "Vai trò", "Cơ quan công tác (để trống: cơ quan của cán bộ)"]
ROLE_NAMES = {fold(str(label)): value for value, label in TeamMember.Role.choices}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y")


class ScheduleImportError(Exception):
    """The sheet cannot be imported; ``preview`` says which lines and why."""

    def __init__(self, preview):
        super().__init__(_("Bảng tính còn lỗi; chưa lưu gì."))
        self.preview = preview


@dataclass
class ScheduleRow:
    line: int
    name: str
    area: str
    start: datetime.date | None = None
    end: datetime.date | None = None
    candidates: list = field(default_factory=list)
    agency: Agency | None = None
    errors: list[str] = field(default_factory=list)
    form: VisitForm | None = None

    @property
    def ambiguous(self) -> bool:
        return self.agency is None and len(self.candidates) > 1


@dataclass
class MemberRow:
    line: int
    name: str
    role: str
    home: str
    official: Official | None = None
    home_agency: Agency | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class SchedulePreview:
    rows: list[ScheduleRow] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    decision: Decision | None = None

    @property
    def bad_rows(self) -> list:
        return [r for r in [*self.rows, *self.members] if r.errors]

    @property
    def ambiguous(self) -> list[ScheduleRow]:
        return [r for r in self.rows if r.ambiguous and not r.errors]

    @property
    def valid(self) -> bool:
        return bool(self.rows or self.members) and not self.errors and not self.bad_rows and not self.ambiguous


# --- The template -------------------------------------------------------------------------------------


def schedule_template(plan: Plan) -> bytes:
    """The XLSX to fill: a schedule sheet, a team sheet and the instructions."""
    book = Book(title=_("Mẫu lịch kiểm tra %(number)s") % {"number": plan.number})
    schedule = book.sheet(SCHEDULE_SHEET)
    schedule.row(SCHEDULE_HEADER, bold=True)
    schedule.widths([6, 48, 28, 20, 20])
    schedule.freeze("A2")
    team = book.sheet(TEAM_SHEET)
    team.row(TEAM_HEADER, bold=True)
    team.widths([6, 32, 20, 48])
    team.freeze("A2")
    notes = book.sheet("Hướng dẫn")
    period = f"{plan.period_start:%d/%m/%Y} – {plan.period_end:%d/%m/%Y}"
    for line in [
        _("Kế hoạch %(number)s; thời gian kiểm tra %(period)s.") % {"number": plan.number, "period": period},
        _("Sheet “%(sheet)s”: mỗi dòng một cơ quan được kiểm tra; tên cơ quan như trong danh mục (không cần dấu),")
        % {"sheet": SCHEDULE_SHEET},
        _("địa bàn giúp phân biệt cơ quan trùng tên (ví dụ: Kon Tum); ngày dạng dd/mm/yyyy, trong thời gian kiểm tra."),
        _("Sheet “%(sheet)s” (không bắt buộc): thành phần đoàn theo quyết định mới nhất của kế hoạch,")
        % {"sheet": TEAM_SHEET},
        _("vai trò: Trưởng đoàn, Phó Trưởng đoàn, Thành viên, Thư ký; đúng một Trưởng đoàn;"),
        _("Ví dụ: 1 | UBND huyện Ngọc Hồi | Kon Tum | 07/08/2020 | 07/08/2020"),
        _("Tối đa %(n)d dòng; nhập xong sẽ xem trước, chỉ lưu khi mọi dòng hợp lệ.") % {"n": MAX_ROWS},
    ]:
        notes.row([line])
    notes.widths([120])
    return book.content()


# --- Reading and checking -------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(" ".join(str(value).split()))


def parse_date(value) -> datetime.date | None:
    """A date cell, or text such as 07/08/2020; None if it is neither."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
    return None


def _data_rows(rows: list[list]) -> list[tuple[int, list]]:
    """(Excel line, cells) of the filled rows under the header."""
    return [(n, cells) for n, cells in enumerate(rows[1:], start=2) if any(_text(c) for c in cells)]


def _cell(cells: list, index: int):
    return cells[index] if index < len(cells) else None


def _area_key(agency: Agency) -> str:
    names, area = [], agency.area
    while area is not None:
        names += [area.name, area.name_in_text]
        area = area.parent
    return fold(" ".join(names))


def _agency_index(names: set[str], user) -> dict[str, list[Agency]]:
    """{folded name: agencies} of the agencies ``user`` may schedule (one query)."""
    index: dict[str, list[Agency]] = {}
    queryset = (
        Agency.objects.restrict(user, "pick")
        .filter(search_name__in=names)
        .exclude(kind=Kind.SUBORDINATE)
        .select_related("area__parent__parent")
        .order_by("name", "pk")
    )
    for agency in queryset:
        index.setdefault(agency.search_name, []).append(agency)
    return index


def _valid_between(agency: Agency, start, end) -> bool:
    return (agency.valid_from is None or agency.valid_from <= start) and (
        agency.valid_to is None or agency.valid_to >= end
    )


def _schedule_row(line: int, cells: list) -> ScheduleRow:
    row = ScheduleRow(line=line, name=_text(_cell(cells, 1)), area=_text(_cell(cells, 2)))
    row.start, row.end = parse_date(_cell(cells, 3)), parse_date(_cell(cells, 4))
    if not row.name:
        row.errors.append(_("Thiếu tên cơ quan được kiểm tra."))
    if row.start is None:
        row.errors.append(_("Ngày bắt đầu không đúng dạng dd/mm/yyyy."))
    if row.end is None and _text(_cell(cells, 4)):
        row.errors.append(_("Ngày kết thúc không đúng dạng dd/mm/yyyy."))
    row.end = row.end or row.start
    return row


def _match(row: ScheduleRow, index: dict, choices: dict) -> None:
    """Set the row's candidates and, when one remains (or the office chose), its agency."""
    named = index.get(fold(row.name), [])
    if row.area:
        named = [a for a in named if fold(row.area) in _area_key(a)]
    if not named:
        row.errors.append(_("Không tìm thấy cơ quan “%(name)s” trong danh mục.") % {"name": row.name})
        return
    row.candidates = [a for a in named if _valid_between(a, row.start, row.end)]
    if not row.candidates:
        row.errors.append(
            _("Cơ quan “%(name)s” không hoạt động trong thời gian %(start)s – %(end)s.")
            % {"name": row.name, "start": f"{row.start:%d/%m/%Y}", "end": f"{row.end:%d/%m/%Y}"}
        )
        return
    chosen = choices.get(row.line)
    if len(row.candidates) == 1:
        row.agency = row.candidates[0]
    elif chosen is not None:
        row.agency = next((a for a in row.candidates if a.pk == chosen), None)


def _check_with_form(plan: Plan, row: ScheduleRow, user) -> None:
    """The visit page's own rules (dates inside the plan, one visit per agency): the same VisitForm."""
    data = {"agency": row.agency.pk, "planned_start": row.start, "planned_end": row.end}
    form = VisitForm(data=data, instance=Visit(plan=plan))
    restrict_form_fields(form, user)  # the choices the visit page offers this user
    if form.is_valid():
        row.form = form
        return
    for errors in form.errors.values():
        row.errors.extend(str(e) for e in errors)


def _schedule(plan: Plan, rows: list[list], choices: dict, user) -> list[ScheduleRow]:
    parsed = [_schedule_row(line, cells) for line, cells in _data_rows(rows)]
    index = _agency_index({fold(r.name) for r in parsed if r.name}, user)
    seen: dict[int, int] = {}
    for row in parsed:
        if row.errors:
            continue
        _match(row, index, choices)
        if row.agency is None:
            continue
        if row.agency.pk in seen:
            row.errors.append(
                _("Cơ quan này đã có ở dòng %(line)d; mỗi cơ quan một dòng.") % {"line": seen[row.agency.pk]}
            )
            continue
        seen[row.agency.pk] = row.line
        _check_with_form(plan, row, user)
    return parsed


def _member_row(line: int, cells: list, people: dict, agencies: dict) -> MemberRow:
    row = MemberRow(line=line, name=_text(_cell(cells, 1)), role=_text(_cell(cells, 2)), home=_text(_cell(cells, 3)))
    found = people.get(fold(row.name), [])
    if not row.name:
        row.errors.append(_("Thiếu họ và tên."))
    elif not found:
        row.errors.append(_("Không tìm thấy cán bộ “%(name)s”.") % {"name": row.name})
    if row.home:
        homes = agencies.get(fold(row.home), [])
        found = [o for o in found if o.agency.search_name == fold(row.home)] or found
        row.home_agency = homes[0] if len(homes) == 1 else None
        if len(homes) != 1:
            row.errors.append(_("Không xác định được cơ quan công tác “%(name)s”.") % {"name": row.home})
    if len(found) > 1:
        row.errors.append(_("Có nhiều cán bộ tên “%(name)s”: ghi thêm cơ quan công tác.") % {"name": row.name})
    elif found:
        row.official = found[0]
        row.home_agency = row.home_agency or row.official.agency
    if fold(row.role) not in ROLE_NAMES:
        row.errors.append(_("Vai trò phải là Trưởng đoàn, Phó Trưởng đoàn, Thành viên hoặc Thư ký."))
    return row


def _team(plan: Plan, rows: list[list], preview: SchedulePreview, user) -> None:
    filled = _data_rows(rows)
    if not filled:
        return
    preview.decision = plan.decisions.order_by("-issued_on", "-pk").first()
    if preview.decision is None:
        preview.errors.append(_("Kế hoạch chưa có quyết định thành lập đoàn: hãy tạo quyết định trước khi nhập đoàn."))
    people: dict[str, list[Official]] = {}
    for official in Official.objects.restrict(user, "pick").select_related("agency").order_by("pk"):
        people.setdefault(fold(official.full_name), []).append(official)
    homes = {fold(_text(_cell(c, 3))) for _n, c in filled if _text(_cell(c, 3))}
    agencies: dict[str, list[Agency]] = {}
    for agency in Agency.objects.restrict(user, "pick").filter(search_name__in=homes).order_by("pk"):
        agencies.setdefault(agency.search_name, []).append(agency)
    seen: dict[int, int] = {}
    for line, cells in filled:
        row = _member_row(line, cells, people, agencies)
        if row.official is not None and row.official.pk in seen:
            row.errors.append(_("Người này đã có ở dòng %(line)d.") % {"line": seen[row.official.pk]})
        elif row.official is not None:
            seen[row.official.pk] = line
        preview.members.append(row)
    heads = sum(1 for r in preview.members if ROLE_NAMES.get(fold(r.role)) == TeamMember.Role.HEAD)
    if heads != 1:
        preview.errors.append(_("Đoàn kiểm tra phải có đúng một Trưởng đoàn (hiện có %(n)d).") % {"n": heads})


def schedule_parse(*, plan: Plan, content: bytes, user, choices: dict[int, int] | None = None) -> SchedulePreview:
    """Read and check the whole sheet; nothing is written. ``choices``: {line: agency id} for ambiguous names."""
    preview = SchedulePreview()
    if len(content) > MAX_BYTES:
        preview.errors.append(_("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": MAX_BYTES // (1024 * 1024)})
        return preview
    try:
        schedule = read_rows(content, sheet=None, max_rows=MAX_ROWS + 1, max_cols=len(SCHEDULE_HEADER))
        team = read_rows(content, sheet=TEAM_SHEET, max_rows=MAX_ROWS + 1, max_cols=len(TEAM_HEADER))
    except XlsxError as exc:
        preview.errors.append(str(exc))
        return preview
    preview.rows = _schedule(plan, schedule, choices or {}, user)
    _team(plan, team, preview, user)
    if not preview.rows and not preview.members:
        preview.errors.append(_("Bảng tính không có dòng dữ liệu nào (dòng 1 là tiêu đề)."))
    return preview


# --- Saving ---------------------------------------------------------------------------------------------


def _save_team(preview: SchedulePreview) -> None:
    """Replace the decision's roster by the sheet's; the head is written last (as decision_save does)."""
    decision = preview.decision
    wanted = {r.official.pk: r for r in preview.members}
    decision.members.exclude(official_id__in=wanted).delete()
    existing = {m.official_id: m for m in decision.members.all()}
    ordered = sorted(preview.members, key=lambda r: ROLE_NAMES[fold(r.role)] == TeamMember.Role.HEAD)
    for row in ordered:
        member = existing.get(row.official.pk) or TeamMember(decision=decision, official=row.official)
        member.role = ROLE_NAMES[fold(row.role)]
        member.home_agency = row.home_agency
        member.order = row.line - 1
        member.save()


@records_user
@transaction.atomic
def schedule_import(*, plan: Plan, content: bytes, user, choices: dict[int, int] | None = None) -> SchedulePreview:
    """Check the sheet again under a lock on the plan and write every row, or raise ``ScheduleImportError``."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    preview = schedule_parse(plan=plan, content=content, user=user, choices=choices)
    if not preview.valid:
        raise ScheduleImportError(preview)
    for row in preview.rows:
        visit_save(form=row.form, user=user)
    if preview.members:
        _save_team(preview)
    return preview
