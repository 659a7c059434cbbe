"""Exports carry no payload (issue 13): no XLSX cell is a formula, no download name breaks its header.

The checklist XLSX export wrote real formulas from imported text (``=HYPERLINK(…)``, ``=cmd|…``,
``=1+1``); a checklist code ``inj"; filename=evil.html`` forged a second filename in
Content-Disposition, and one holding CR/LF made both checklist exports a 500. Every XLSX export
now writes through ``tthc_inspect.xlsx`` and every download names itself through
``tthc_inspect.files.download_headers`` (Django's ``content_disposition_header``); the two guards
below keep it that way for exports still to come.
"""

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.http import parse_header_parameters
from openpyxl import load_workbook

from checklists.models import ChecklistItem, ChecklistSection, ChecklistTemplate
from findings.models import Finding
from findings.tests.conftest import pdf_upload
from reports.dashboards.exports import TABLES
from reports.spreadsheet import plan_xlsx
from tthc_inspect.files import private_file_response
from units.models import Agency

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ["units", "checklists", "inspections", "findings", "reports", "demo", "tthc_inspect"]
FORMULAS = [
    '=HYPERLINK("http://169.254.169.254/latest/meta-data","Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]
CONTROL = "Niêm yết\x1b công\x07 khai\x0b"  # characters XLSX cannot hold (PostgreSQL keeps them; not NUL)


def cells(content: bytes) -> list:
    """Every cell of every sheet; none may be a formula."""
    book = load_workbook(io.BytesIO(content))
    found = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in found if c.data_type == "f"] == []
    return found


def assert_kept_as_text(content: bytes, texts: list[str]):
    values = {c.value for c in cells(content) if isinstance(c.value, str)}
    assert [t for t in texts if "'" + t not in values] == []


@pytest.fixture
def hostile_template(db) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.create(code="doc-hai", version=1, title=FORMULAS[0])
    section = ChecklistSection.objects.create(template=template, order=0, code="1", title=FORMULAS[1])
    for order, text in enumerate(FORMULAS):
        ChecklistItem.objects.create(
            section=section, order=order, code=f"1.{order}", text=text, guidance=text, legal_basis=CONTROL
        )
    return template


def test_the_checklist_export_writes_formula_like_text_as_text(client, demo, hostile_template):
    client.force_login(demo.users["member"])
    response = client.get(reverse("findings:checklist_export", args=[hostile_template.pk, "xlsx"]))
    assert response.status_code == 200
    assert_kept_as_text(response.content, FORMULAS)
    values = [c.value for c in cells(response.content)]
    assert "Niêm yết công khai" in values  # the control characters dropped, the words kept


def test_the_plan_export_writes_formula_like_text_as_text(demo):
    visit = demo.visit("Ngọc Hồi")
    Agency.objects.filter(pk=visit.agency_id).update(name=FORMULAS[1])
    for text in FORMULAS:
        Finding.objects.create(visit=visit, kind="limitation", description=text, cause=CONTROL, severity="low")
    content = plan_xlsx(demo.plan)
    assert_kept_as_text(content, FORMULAS)


@pytest.mark.parametrize("name", TABLES)
def test_every_dashboard_export_writes_formula_like_text_as_text(client, demo, name):
    visit = demo.visit("Ngọc Hồi")
    for index, agency in enumerate(Agency.objects.order_by("pk")):
        Agency.objects.filter(pk=agency.pk).update(name=FORMULAS[index % len(FORMULAS)])
    for index, section in enumerate(ChecklistSection.objects.order_by("pk")):
        ChecklistSection.objects.filter(pk=section.pk).update(title=FORMULAS[index % len(FORMULAS)])
    ChecklistItem.objects.update(text=FORMULAS[2])
    item = visit.item_results.order_by("pk").first().item
    Finding.objects.create(visit=visit, kind="limitation", item=item, description="x", severity="low")
    client.force_login(demo.users["office"])
    response = client.get(reverse("dashboards:export", args=[name]), {"year": 2020})
    assert response.status_code == 200
    values = {c.value for c in cells(response.content)}
    assert values & set(FORMULAS) == set()  # none written raw (as text a spreadsheet would still run on edit)
    if name in ("co-quan", "noi-dung", "han-che-tieu-chi", "han-che-co-quan", "theo-nam-noi-dung"):
        assert {"'" + t for t in FORMULAS} & values, "the table lists names or titles: they are there, as text"


def project_sources() -> list[Path]:
    return [
        path
        for app in PROJECT
        for path in (ROOT / app).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def test_only_the_one_writer_touches_openpyxl():
    users = [
        str(p.relative_to(ROOT))
        for p in project_sources()
        if re.search(r"^\s*(from|import)\s+openpyxl", p.read_text(), re.M)
    ]
    assert users == ["tthc_inspect/xlsx.py"]


def test_only_the_one_helper_sets_content_disposition():
    users = [
        str(p.relative_to(ROOT))
        for p in project_sources()
        if re.search(r"""\[["']Content-Disposition["']\]\s*=""", p.read_text())
    ]
    assert users == ["tthc_inspect/files.py"]
    assert "content_disposition_header(" in (ROOT / "tthc_inspect/files.py").read_text()


HOSTILE_NAMES = ['inj"; filename=evil.html', "dong\r\nSet-Cookie: a=1", "mau-kiểm-tra", "back\\slash", "tab\tname"]


def _filename(response) -> str:
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    disposition, params = parse_header_parameters(header)
    assert list(params) == ["filename"], header  # one parameter, whatever the name held
    return params["filename"]


@pytest.mark.parametrize("code", HOSTILE_NAMES)
@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
def test_a_hostile_checklist_code_stays_one_file_name(client, demo, hostile_template, code, fmt):
    ChecklistTemplate.objects.filter(pk=hostile_template.pk).update(code=code)  # as an old import stored it
    client.force_login(demo.users["member"])
    response = client.get(reverse("findings:checklist_export", args=[hostile_template.pk, fmt]))
    assert response.status_code == 200
    assert _filename(response) == f"{code}-v1.{fmt}"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("inline", [False, True])
def test_a_stored_file_served_under_a_hostile_name_keeps_one_parameter(demo, name, inline):
    plan = demo.plan
    plan.signed_scan.save("scan.pdf", ContentFile(pdf_upload().read()), save=False)
    response = private_file_response(plan.signed_scan, content_type="application/pdf", filename=name, inline=inline)
    assert response["Content-Disposition"].startswith("inline;" if inline else "attachment;")
    assert _filename(response) == name
    response.close()


def test_the_dashboard_export_is_named_by_the_helper(client, demo):
    client.force_login(demo.users["office"])
    response = client.get(reverse("dashboards:export", args=["co-quan"]))
    assert _filename(response) == "tong-hop-co-quan.xlsx"
