"""Names as of a date: renaming an agency in the pages never rewrites an older document, even regenerated."""

import datetime
import unicodedata

import pytest
from django.urls import reverse

from reports.documents import document_context
from reports.models import Document, Kind
from reports.rendering import document_render, pdf_text
from reports.tests.conftest import final_params
from units.models import Agency, AgencyName
from units.names import agency_names_on

TEMPORARY = "UBND huyện Ngọc Hồi (tên tạm)"


def rename(client, agency: Agency, name: str, on: str):
    data = {
        "name": name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "level": agency.level,
        "area": agency.area_id or "",
        "parent": agency.parent_id or "",
        "valid_from": "",
        "valid_to": agency.valid_to.strftime("%d/%m/%Y") if agency.valid_to else "",
        "renamed_on": on,
    }
    return client.post(reverse("units:agency_edit", args=[agency.pk]), data)


@pytest.fixture
def renamed(client, demo) -> Agency:
    agency = Agency.objects.get(name="UBND huyện Ngọc Hồi")
    client.force_login(demo.users["office"])
    assert rename(client, agency, TEMPORARY, "01/12/2026").status_code == 302
    agency.refresh_from_db()
    assert agency.name == TEMPORARY
    return agency


def text_of(value) -> str:
    return unicodedata.normalize("NFC", str(value))


def test_the_old_name_is_kept_with_its_validity(renamed):
    kept = AgencyName.objects.get(agency=renamed)
    assert (kept.name, kept.valid_to) == ("UBND huyện Ngọc Hồi", datetime.date(2026, 11, 30))


def test_a_2020_report_regenerated_after_the_rename_prints_the_2020_name(renamed, demo):
    document = Document.objects.create(kind=Kind.REPORT, plan=demo.plan)
    context = text_of(document_context(document=document, params=final_params()))
    assert "UBND huyện Ngọc Hồi, tỉnh Kon Tum" in context
    assert "tên tạm" not in context
    text = text_of(pdf_text(document_render(document=document, params=final_params()).content))
    assert "Ngọc Hồi" in text and "tên tạm" not in text


def test_a_document_dated_after_the_rename_prints_the_new_name(renamed, demo):
    visit = demo.visit("Ngọc Hồi")
    document = Document.objects.create(kind=Kind.MINUTES, plan=demo.plan, visit=visit)
    later = text_of(document_context(document=document, params=final_params(issued_on=datetime.date(2026, 12, 2))))
    assert "tên tạm" in later.lower() or TEMPORARY.upper() in later


def test_an_agency_read_as_of_a_date_cannot_be_saved(renamed):
    with agency_names_on(datetime.date(2020, 8, 26)):
        old = Agency.objects.get(pk=renamed.pk)
    assert old.name == "UBND huyện Ngọc Hồi"
    with pytest.raises(RuntimeError):
        old.save()
    assert Agency.objects.get(pk=renamed.pk).name == TEMPORARY


def test_renaming_twice_keeps_each_name_for_its_own_period(client, renamed):
    assert rename(client, renamed, "UBND huyện Ngọc Hồi (tên mới)", "01/02/2027").status_code == 302
    periods = list(AgencyName.objects.filter(agency=renamed).order_by("valid_to").values_list("name", "valid_to"))
    assert periods == [("UBND huyện Ngọc Hồi", datetime.date(2026, 11, 30)), (TEMPORARY, datetime.date(2027, 1, 31))]
    with agency_names_on(datetime.date(2026, 12, 15)):
        assert Agency.objects.get(pk=renamed.pk).name == TEMPORARY
