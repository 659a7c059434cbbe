"""Issue 16: a 2026 inspection follows today's law (edition, căn cứ, two-tier wording) and says only
what happened (visits done, one deadline); the Kon Tum 2020 documents keep their 2020 content."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from checklists.models import ChecklistItem, ChecklistTemplate
from checklists.services import checklist_default, checklist_editions
from findings.remediation.services import conclusion_issue
from inspections.models import Plan, Visit
from reports import services
from reports.models import Document, Kind
from reports.rendering import document_render, pdf_text
from reports.tests.conftest import final_params
from reports.tests.quang_ngai import quang_ngai_plan
from reports.tests.test_report_render import nfc

ROOT = Path(__file__).resolve().parents[2]
QN_DATE = datetime.date(2026, 6, 15)


@pytest.fixture
def qn(demo):
    return quang_ngai_plan(office_user=demo.users["member"])


def _text(kind, plan, visit=None, **params) -> str:
    document, _ = Document.objects.get_or_create(kind=kind, plan=plan, visit=visit)
    rendered = document_render(document=document, params=final_params(**{"issued_on": QN_DATE, **params}))
    return nfc(pdf_text(rendered.content))


# --- 1. Editions -------------------------------------------------------------------------------------


def test_a_plan_from_july_2025_starts_its_visits_on_the_2025_edition(qn):
    assert qn.plan.checklist is None
    qn.done.refresh_from_db()
    assert qn.done.checklist.code == "kstthc-2025" and qn.done.checklist.valid_from == datetime.date(2025, 7, 1)
    assert checklist_default(on=datetime.date(2025, 6, 30)).code == "kstthc"
    assert checklist_default(on=datetime.date(2025, 7, 1)).code == "kstthc-2025"


def test_the_2020_demo_keeps_its_2020_edition_with_its_local_section(demo):
    template = demo.plan.checklist
    assert template.code == "kh-1978-kontum-2020"
    assert set(demo.plan.visits.values_list("checklist__code", flat=True)) == {"kh-1978-kontum-2020"}
    titles = list(template.sections.values_list("title", flat=True))
    assert titles[-1].startswith("Kết quả thực hiện Đề án") and len(titles) == 5
    national = [e.code for e in checklist_editions()]
    assert national == ["kstthc", "kstthc-2025"]
    for edition in checklist_editions():  # the local QĐ 26 items are in no national edition
        assert not ChecklistItem.objects.filter(section__template=edition, legal_basis__contains="26/QĐ-UBND").exists()


def test_the_2025_edition_covers_nd_118_the_data_rules_and_the_qd_766_groups(db):
    edition = checklist_default(on=datetime.date(2026, 1, 1))
    items = list(ChecklistItem.objects.filter(section__template=edition))
    text = " ".join(f"{i.text} {i.legal_basis}" for i in items)
    for topic in [
        "Trung tâm Phục vụ hành chính công (cấp tỉnh",
        "cấp xã",
        "không phụ thuộc vào địa giới hành chính",
        "bưu chính công ích",
        "ủy quyền",
        "Cổng Dịch vụ công quốc gia",
        "ngành dọc",
        "cơ quan có thẩm quyền",
        "Không còn Bộ phận Tiếp nhận và Trả kết quả cấp huyện",
        "thay thế bằng dữ liệu",
        "Công khai, minh bạch",
        "Tiến độ, kết quả giải quyết",
        "Số hóa hồ sơ",
        "Cung cấp dịch vụ trực tuyến",
        "Mức độ hài lòng",
    ]:
        assert topic in text, topic
    for point in ["điểm a", "điểm b", "điểm d", "điểm đ", "điểm e"]:
        assert f"khoản 2 {point} Nghị định 63/2010/NĐ-CP" in text, point  # the Đ35a groups are kept
    unconfirmed = [i.code for i in items if "chưa xác nhận" in i.legal_basis or "chưa đối chiếu" in i.legal_basis]
    assert {"2.2", "4.5", "4.6", "4.7"} <= set(unconfirmed)
    assert not any(i.applies_district for i in items)
    assert "Quyết định 26" not in text and "10/7/2020" not in text


def test_the_plan_form_offers_the_editions_and_preselects_the_one_valid_on_its_date(client, demo, qn):
    client.force_login(demo.users["office"])
    page = client.get(reverse("inspections:plan_edit", args=[qn.plan.pk])).content.decode()
    editions = {e.code: e for e in checklist_editions()}
    assert f'<option value="{editions["kstthc-2025"].pk}" selected' in page
    assert f'<option value="{editions["kstthc"].pk}"' in page
    kon_tum = client.get(reverse("inspections:plan_edit", args=[demo.plan.pk])).content.decode()
    assert f'<option value="{demo.plan.checklist_id}" selected' in kon_tum


def _plan_post(demo, **extra) -> dict:
    data = {
        "number": "31/KH-UBND",
        "issued_on": "02/02/2026",
        "issuer": demo.plan.issuer.successors.get().pk,  # UBND tỉnh Kon Tum ended on 01/07/2025
        "year": 2026,
        "title": "Kiểm tra đột xuất",
        "period_start": "02/03/2026",
        "period_end": "20/03/2026",
        "checklist": "",
        "legal_bases": "",
    }
    return {**data, **extra}


def test_a_new_plan_gets_the_edition_of_its_date_and_refuses_one_not_valid_then(client, demo):
    client.force_login(demo.users["office"])
    client.post(reverse("inspections:plan_create"), _plan_post(demo))
    assert Plan.objects.get(number="31/KH-UBND").checklist.code == "kstthc-2025"
    old = ChecklistTemplate.objects.get(code="kstthc")
    response = client.post(reverse("inspections:plan_create"), _plan_post(demo, number="32/KH-UBND", checklist=old.pk))
    assert "dùng ấn bản" in response.content.decode() and not Plan.objects.filter(number="32/KH-UBND").exists()
    client.post(
        reverse("inspections:plan_create"),
        _plan_post(
            demo,
            number="33/KH-UBND",
            issuer=demo.plan.issuer_id,  # still UBND tỉnh Kon Tum before 01/07/2025
            issued_on="02/02/2025",
            year=2025,
            period_start="02/03/2025",
            period_end="20/03/2025",
        ),
    )
    assert Plan.objects.get(number="33/KH-UBND").checklist.code == "kstthc"


# --- 2. Legal bases ----------------------------------------------------------------------------------


def test_the_2026_documents_cite_the_2025_edition_and_the_plan_and_decision(qn):
    report = _text(Kind.REPORT, qn.plan)
    conclusion = _text(Kind.CONCLUSION, qn.plan, qn.done, deadline=datetime.date(2026, 7, 15))
    for text in (report, conclusion):
        assert nfc("Nghị định số 118/2025/NĐ-CP ngày 09/6/2025") in text
        assert nfc("Quyết định số 766/QĐ-TTg") in text and "Kế hoạch số 25/KH-UBND" in text
        assert nfc("Quyết định số 120/QĐ-UBND") in text
        assert "61/2018" not in text


def test_legal_bases_edited_on_the_plan_are_printed_by_the_report_and_the_conclusion(client, demo, qn):
    client.force_login(demo.users["office"])
    form = client.get(reverse("inspections:plan_edit", args=[qn.plan.pk])).context["form"]
    drafted = form.initial["legal_bases"]
    assert "Nghị định số 118/2025/NĐ-CP" in drafted and "Kế hoạch số 25/KH-UBND" in drafted
    data = {name: form[name].value() or "" for name in form.fields if name != "signed_scan"}
    data.update(
        issued_on="02/03/2026",
        period_start="06/04/2026",
        period_end="29/05/2026",
        legal_bases="Nghị định số 118/2025/NĐ-CP (căn cứ sửa tay)\nQuyết định số 999/QĐ-UBND của tỉnh",
        is_ad_hoc="",
    )
    response = client.post(reverse("inspections:plan_edit", args=[qn.plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    qn.plan.refresh_from_db()
    assert qn.plan.legal_basis_list[1] == "Quyết định số 999/QĐ-UBND của tỉnh"
    for text in (_text(Kind.REPORT, qn.plan), _text(Kind.CONCLUSION, qn.plan, qn.done)):
        assert nfc("(căn cứ sửa tay)") in text and nfc("Quyết định số 999/QĐ-UBND của tỉnh") in text
        assert nfc("Quyết định số 766/QĐ-TTg ngày 23/6/2022") not in text


def test_no_decree_is_written_in_a_document_template():
    for path in (ROOT / "templates/reports/pdf").glob("*.html"):
        body = path.read_text(encoding="utf-8")
        for decree in ["NĐ-CP", "TT-VPCP", "63/2010", "61/2018"]:
            assert decree not in body, (path.name, decree)
    assert "NĐ-CP" not in (ROOT / "reports/documents/report.py").read_text(encoding="utf-8")


def test_the_kon_tum_report_still_cites_the_2020_decrees(report_document):
    text = nfc(pdf_text(document_render(document=report_document, params=final_params()).content))
    for basis in [
        "Nghị định số 63/2010/NĐ-CP",
        "Nghị định số 61/2018/NĐ-CP",
        "Thông tư số 02/2017/TT-VPCP",
        "Kế hoạch số 1978/KH-UBND",
        "Quyết định số 398/QĐ-UBND",
    ]:
        assert nfc(basis) in text, basis
    assert "118/2025" not in text


# --- 3. Wording by the document's date ---------------------------------------------------------------


def test_after_the_reform_recommendations_name_no_district_level(qn):
    text = _text(Kind.REPORT, qn.plan)
    assert nfc("Chỉ đạo các sở, ban, ngành, Ủy ban nhân dân các xã, phường, đặc khu tiếp tục") in text
    assert "huyện" not in text
    assert nfc("Trung tâm Phục vụ hành chính công, điểm tiếp nhận hồ sơ (nếu có)") in text


def test_before_the_reform_the_three_tier_wording_stays(report_document):
    text = nfc(pdf_text(document_render(document=report_document, params=final_params()).content))
    assert nfc("Chỉ đạo các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố tiếp tục") in text
    assert nfc("Bộ phận Tiếp nhận và Trả kết quả (nếu có)") in text


# --- 4. Only what happened ---------------------------------------------------------------------------


def test_only_the_visits_done_are_counted_and_the_others_listed_apart(qn):
    text = _text(Kind.REPORT, qn.plan)
    assert nfc("Đoàn kiểm tra đã kiểm tra 1 cơ quan, đơn vị;") in text
    assert nfc("Chưa kiểm tra hoặc chưa kết thúc kiểm tra 5 cơ quan, đơn vị") in text
    for visit in qn.visits[1:]:
        assert nfc(visit.agency.name) in text
    annex = text.split("PHỤ LỤC I")[1]
    assert nfc("Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi") in annex
    assert nfc("UBND xã Măng Đen") not in annex  # no row of zeros for a visit still scheduled


def test_the_kon_tum_report_counts_its_eight_visits(report_document):
    text = nfc(pdf_text(document_render(document=report_document, params=final_params()).content))
    assert nfc("Đoàn kiểm tra đã kiểm tra 8 cơ quan, đơn vị;") in text and "Chưa kiểm tra" not in text


def test_one_deadline_for_the_conclusion_and_the_actions(client, demo, qn):
    deadline = datetime.date(2026, 7, 20)
    services.document_request(
        plan=qn.plan,
        kind=Kind.CONCLUSION,
        visit=qn.done,
        user=demo.users["office"],
        issued_on=datetime.date(2026, 6, 20),
        deadline=deadline,
    )
    qn.done.refresh_from_db()
    assert qn.done.remediation_deadline == deadline
    client.force_login(demo.users["office"])
    form = client.get(reverse("findings:conclusion_issue", args=[qn.done.pk])).context["form"]
    assert form["deadline"].value() == deadline
    actions = conclusion_issue(visit=qn.done, issued_on=datetime.date(2026, 6, 20), user=demo.users["office"])
    assert actions and {a.deadline for a in actions} == {deadline}
    text = _text(Kind.CONCLUSION, qn.plan, qn.done, issued_on=datetime.date(2026, 6, 20))
    assert text.count(nfc("trước ngày 20/07/2026")) >= 1 and text.count("Trước ngày 20/07/2026") == len(actions)
    with pytest.raises(services.DocumentError):
        services.document_request(
            plan=qn.plan,
            kind=Kind.CONCLUSION,
            visit=qn.done,
            user=demo.users["office"],
            deadline=datetime.date(2026, 8, 1),
        )
    assert Visit.objects.get(pk=qn.done.pk).remediation_deadline == deadline
