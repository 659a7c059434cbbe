"""Import of a plan's schedule and team from XLSX: preview, line-by-line errors, all or nothing."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections import schedule_import as sheet
from inspections.models import Decision, TeamMember, Visit
from tthc_inspect.xlsx import Book, read_rows
from units.models import AdminArea, Agency, Kind, Level

D = datetime.date


def workbook(schedule=(), team=()) -> bytes:
    book = Book()
    first = book.sheet(sheet.SCHEDULE_SHEET)
    first.row(sheet.SCHEDULE_HEADER)
    for n, row in enumerate(schedule, start=1):
        first.row([n, *row])
    if team:
        second = book.sheet(sheet.TEAM_SHEET)
        second.row(sheet.TEAM_HEADER)
        for n, row in enumerate(team, start=1):
            second.row([n, *row])
    return book.content()


def upload(client, plan, content: bytes, name="lich.xlsx"):
    url = reverse("inspections:schedule_import", args=[plan.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def confirm(client, plan, **choices):
    url = reverse("inspections:schedule_import", args=[plan.pk])
    return client.post(url, {"confirm": "1", **choices})


@pytest.fixture
def office_client(client, demo):
    client.force_login(demo.users["office"])
    return client


def test_the_template_is_an_xlsx_with_the_schedule_and_team_sheets(office_client, demo):
    response = office_client.get(reverse("inspections:schedule_template", args=[demo.plan.pk]))
    assert response.status_code == 200
    assert read_rows(response.content)[0] == sheet.SCHEDULE_HEADER
    assert read_rows(response.content, sheet=sheet.TEAM_SHEET)[0] == sheet.TEAM_HEADER
    assert "1978/KH-UBND" in str(read_rows(response.content, sheet="Hướng dẫn"))


@pytest.mark.parametrize("persona", ["head", "member", "liaison", "leader"])
def test_only_the_office_imports(client, demo, persona):
    client.force_login(demo.users[persona])
    assert client.get(reverse("inspections:schedule_import", args=[demo.plan.pk])).status_code in (403, 404)
    assert client.get(reverse("inspections:schedule_template", args=[demo.plan.pk])).status_code in (403, 404)
    content = workbook([("Sở Tư pháp", "", "25/08/2020", "25/08/2020")])
    assert upload(client, demo.plan, content).status_code in (403, 404)
    assert not demo.plan.visits.filter(agency__name="Sở Tư pháp").exists()


def test_preview_then_confirm_saves_the_rows_matched_without_accents(office_client, demo):
    before = demo.plan.visits.count()
    content = workbook([("so tu phap", "kon tum", "25/08/2020", D(2020, 8, 26))])
    response = upload(office_client, demo.plan, content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sở Tư pháp, tỉnh Kon Tum" in page and "Xác nhận và lưu" in page
    assert demo.plan.visits.count() == before  # a preview writes nothing
    response = confirm(office_client, demo.plan)
    assert response.status_code == 302
    visit = demo.plan.visits.get(agency__name="Sở Tư pháp")
    assert (visit.planned_start, visit.planned_end, visit.status) == (D(2020, 8, 25), D(2020, 8, 26), "scheduled")
    assert visit.history.count() == 1


def test_every_bad_row_is_named_and_nothing_is_saved(office_client, demo):
    before = set(Visit.objects.values_list("pk", flat=True))
    content = workbook(
        [
            ("Sở Tư pháp", "", "25/08/2020", "25/08/2020"),  # line 2: valid
            ("Sở Không Có", "", "25/08/2020", ""),  # 3: unknown
            ("Văn phòng UBND tỉnh Kon Tum", "", "01/09/2020", ""),  # 4: outside the plan
            ("UBND huyện Ngọc Hồi", "", "10/08/2020", ""),  # 5: already scheduled
            ("Sở Tư pháp", "", "26/08/2020", ""),  # 6: twice in the sheet
            ("Văn phòng UBND tỉnh Kon Tum", "", "ngày mai", ""),  # 7: not a date
            ("", "", "10/08/2020", ""),  # 8: no name
        ]
    )
    page = upload(office_client, demo.plan, content).content.decode()
    assert "Dòng 3: Không tìm thấy cơ quan “Sở Không Có”" in page
    assert "Dòng 4: Ngày dự kiến phải nằm trong thời gian kiểm tra của kế hoạch (07/08/2020 – 26/08/2020)" in page
    assert "Dòng 5: Cơ quan này đã có trong lịch kiểm tra của kế hoạch." in page
    assert "Dòng 6: Cơ quan này đã có ở dòng 2" in page
    assert "Dòng 7: Ngày bắt đầu không đúng dạng dd/mm/yyyy." in page
    assert "Dòng 8: Thiếu tên cơ quan được kiểm tra." in page
    assert "Dòng 2:" not in page
    assert "Xác nhận và lưu" not in page
    response = confirm(office_client, demo.plan)  # forced anyway: refused again, nothing written
    assert "Dòng 3: Không tìm thấy" in response.content.decode()
    assert set(Visit.objects.values_list("pk", flat=True)) == before


def test_an_agency_not_in_force_on_the_date_is_refused(office_client, demo):
    Agency.objects.create(
        name="Sở Khoa học và Công nghệ", kind=Kind.DEPARTMENT, level=Level.PROVINCE, valid_from=D(2021, 1, 1)
    )
    page = upload(office_client, demo.plan, workbook([("So Khoa hoc va Cong nghe", "", "25/08/2020", "")]))
    assert "Dòng 2: Cơ quan “So Khoa hoc va Cong nghe” không hoạt động trong thời gian 25/08/2020 – 25/08/2020" in (
        page.content.decode()
    )


def test_an_ambiguous_name_is_confirmed_from_a_list(office_client, demo):
    other_area = AdminArea.objects.create(
        edition=AdminArea.Edition.PRE_2025, level=Level.PROVINCE, code=99, name="Tỉnh Thử", division_type="Tỉnh"
    )
    twin = Agency.objects.create(name="Sở Tư pháp", kind=Kind.DEPARTMENT, level=Level.PROVINCE, area=other_area)
    page = upload(office_client, demo.plan, workbook([("Sở Tư pháp", "", "25/08/2020", "")])).content.decode()
    assert 'name="agency_2"' in page and "Sở Tư pháp, tỉnh Thử" in page and "Sở Tư pháp, tỉnh Kon Tum" in page
    confirm(office_client, demo.plan)  # not chosen yet: nothing saved, the list is shown again
    assert not demo.plan.visits.filter(agency__name="Sở Tư pháp").exists()
    assert confirm(office_client, demo.plan, agency_2=str(twin.pk)).status_code == 302
    assert demo.plan.visits.get(agency__name="Sở Tư pháp").agency == twin


def test_the_area_column_settles_a_shared_name(office_client, demo):
    area = AdminArea.objects.create(
        edition=AdminArea.Edition.PRE_2025, level=Level.PROVINCE, code=99, name="Tỉnh Thử", division_type="Tỉnh"
    )
    Agency.objects.create(name="Sở Tư pháp", kind=Kind.DEPARTMENT, level=Level.PROVINCE, area=area)
    upload(office_client, demo.plan, workbook([("Sở Tư pháp", "Kon Tum", "25/08/2020", "")]))
    assert confirm(office_client, demo.plan).status_code == 302
    assert demo.plan.visits.get(agency__name="Sở Tư pháp").agency.area.name == "Tỉnh Kon Tum"


def test_the_team_sheet_replaces_the_roster(office_client, demo):
    decision = demo.plan.decisions.get()
    content = workbook(team=[("Tran Thi B", "Trưởng đoàn", ""), ("Nguyễn Văn A", "Thành viên", "")])
    upload(office_client, demo.plan, content)
    assert confirm(office_client, demo.plan).status_code == 302
    roster = {m.official.full_name: m.role for m in decision.members.select_related("official")}
    assert roster == {"Trần Thị B": TeamMember.Role.HEAD, "Nguyễn Văn A": TeamMember.Role.MEMBER}


def test_a_team_without_exactly_one_head_is_refused(office_client, demo):
    before = list(TeamMember.objects.order_by("pk").values_list("pk", "role"))
    content = workbook(team=[("Trần Thị B", "Thành viên", ""), ("Không Ai", "Trưởng nhóm", "")])
    page = upload(office_client, demo.plan, content).content.decode()
    assert "Đoàn kiểm tra phải có đúng một Trưởng đoàn (hiện có 0)" in page
    assert "Dòng 3: Không tìm thấy cán bộ “Không Ai”" in page
    assert "Dòng 3: Vai trò phải là" in page
    confirm(office_client, demo.plan)
    assert list(TeamMember.objects.order_by("pk").values_list("pk", "role")) == before


def test_a_team_needs_a_decision(office_client, demo, other_plan):
    Decision.objects.filter(plan=other_plan).delete()
    content = workbook(team=[("Trần Thị B", "Trưởng đoàn", "")])
    page = upload(office_client, other_plan, content).content.decode()
    assert "Kế hoạch chưa có quyết định thành lập đoàn" in page


def test_a_failure_while_saving_leaves_nothing(demo, monkeypatch):
    content = workbook([("Sở Tư pháp", "", "25/08/2020", ""), ("Văn phòng UBND tỉnh Kon Tum", "", "25/08/2020", "")])
    saved = []

    def fail_second(*, form, user):
        if saved:
            raise RuntimeError("disk full")
        saved.append(form.save())

    monkeypatch.setattr(sheet, "visit_save", fail_second)
    with pytest.raises(RuntimeError):
        sheet.schedule_import(plan=demo.plan, content=content, user=demo.users["office"])
    assert not Visit.objects.filter(pk__in=[v.pk for v in saved]).exists()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_sheet_xml(xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced."""
    source = zipfile.ZipFile(io.BytesIO(workbook([("Sở Tư pháp", "", "25/08/2020", "")])))
    members = {i.filename: source.read(i) for i in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = xml
    return zip_of(members)


HOSTILE = {
    "not a zip": (b"PK\x03\x04 not really" * 10, "không phải là bảng tính Excel"),
    "plain text": (b"STT,Co quan\n1,So Tu phap\n", "không phải là bảng tính Excel"),
    "zip bomb": (zip_of({"xl/a.xml": b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>"}), "giải nén quá lớn"),
    "compressed oddly": (zip_of({"xl/a.xml": b"<a>" + b"0" * (5 * 1024 * 1024) + b"</a>"}), "nén bất thường"),
    "many members": (zip_of({f"x{i}.txt": b"x" for i in range(300)}), "quá nhiều thành phần"),
    "deep xml": (with_sheet_xml(b"<a>" * 5000 + b"</a>" * 5000), "lồng nhau quá sâu"),
    "entities": (
        with_sheet_xml(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbbbbbb">]><a>&b;</a>'),
        "khai báo DTD",
    ),
    "broken xml": (with_sheet_xml(b"<worksheet><sheetData><row>"), "XML không hợp lệ"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_files_get_a_vietnamese_message_not_a_500(office_client, demo, case):
    content, message = HOSTILE[case]
    before = Visit.objects.count()
    response = upload(office_client, demo.plan, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Visit.objects.count() == before


def test_too_many_rows_and_too_large_files_are_refused(office_client, demo, monkeypatch):
    rows = [("Sở Tư pháp", "", "25/08/2020", "")] * (sheet.MAX_ROWS + 5)
    assert "Bảng tính có quá" in upload(office_client, demo.plan, workbook(rows)).content.decode()
    monkeypatch.setattr(sheet, "MAX_BYTES", 1000)
    assert "Tệp quá lớn" in upload(office_client, demo.plan, workbook(rows[:3])).content.decode()
