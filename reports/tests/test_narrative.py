"""Issue 16: the narrative of the Báo cáo and the Thông báo is drafted from the findings, edited by the
head on the draft, kept with that version, printed in the final, and the start of a later draft."""

import datetime

import pytest
from django.urls import reverse

from reports import services
from reports.documents.common import DocumentParams
from reports.models import Document, DocumentVersion, Kind
from reports.rendering import document_render, pdf_text
from reports.tests.quang_ngai import quang_ngai_plan
from reports.tests.test_report_render import nfc


@pytest.fixture
def qn(demo):
    return quang_ngai_plan(office_user=demo.users["member"])


def _draft(qn, user, kind=Kind.REPORT, visit=None) -> DocumentVersion:
    job = services.document_request(
        plan=qn.plan, kind=kind, visit=visit, user=user, issued_on=datetime.date(2026, 6, 15)
    )
    return job.version


def _head_user(demo, qn):
    from units.models import Official

    user = demo.users["head"]
    Official.objects.filter(pk=qn.head.pk).update(user=None)
    Official.objects.filter(user=user).update(user=None)
    Official.objects.filter(pk=qn.head.pk).update(user=user)
    return user


def _render(version, *, final=False) -> str:
    params = DocumentParams.of(version, final=final)
    if final:
        params = DocumentParams(**{**params.__dict__, "number": 3, "signer_name": "Lê Thị Hoa"})
    return nfc(pdf_text(document_render(document=version.document, params=params).content))


def test_the_head_edits_the_report_narrative_on_the_draft_and_the_final_prints_it(client, demo, qn):
    head = _head_user(demo, qn)
    version = _draft(qn, demo.users["office"])
    client.force_login(head)
    page = client.get(reverse("reports:version_narrative", args=[version.pk]))
    assert page.status_code == 200
    drafted = {p["key"]: p["text"] for p in page.context["parts"]}
    assert "Tiếp nhận hồ sơ qua bưu chính công ích" in drafted["assessment"]
    assert "Chưa cập nhật quyết định công bố" in drafted["causes"]
    assert "xã, phường, đặc khu" in drafted["recommendations"]
    edited = drafted["recommendations"] + "\n3. Kiến nghị Chủ tịch UBND tỉnh khen thưởng Trung tâm (sửa tay)."
    response = client.post(
        reverse("reports:version_narrative", args=[version.pk]), {**drafted, "recommendations": edited}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert set(version.narrative) == {"recommendations"}  # unchanged parts keep following the findings
    services.document_finalize(
        document=version.document,
        user=demo.users["office"],
        number=3,
        issued_on=datetime.date(2026, 6, 15),
        signer_name="Lê Thị Hoa",
        signer_position="Trưởng đoàn",
    )
    version.refresh_from_db()
    assert version.is_final and "(sửa tay)" in version.narrative["recommendations"]
    text = _render(version, final=True)
    assert nfc("Kiến nghị Chủ tịch UBND tỉnh khen thưởng Trung tâm (sửa tay).") in text
    assert nfc("Tiếp nhận hồ sơ qua bưu chính công ích") in text
    later = _draft(qn, demo.users["office"])  # a correction starts from the edited text
    assert later.version == version.version + 1 and later.narrative == version.narrative
    assert client.get(reverse("reports:version_narrative", args=[version.pk])).status_code == 403  # final


def test_the_conclusion_narrative_is_editable_and_printed(client, demo, qn):
    version = _draft(qn, demo.users["office"], kind=Kind.CONCLUSION, visit=qn.done)
    client.force_login(demo.users["office"])
    drafted = {
        p["key"]: p["text"]
        for p in client.get(reverse("reports:version_narrative", args=[version.pk])).context["parts"]
    }
    assert "trước ngày" in drafted["demands"] and drafted["conclusion"].startswith("- Tiếp nhận hồ sơ")
    client.post(
        reverse("reports:version_narrative", args=[version.pk]),
        {"conclusion": "- Kết luận do Trưởng đoàn viết lại.", "demands": drafted["demands"]},
    )
    version.refresh_from_db()
    assert version.narrative == {"conclusion": "- Kết luận do Trưởng đoàn viết lại."}
    text = _render(version)
    assert nfc("Kết luận do Trưởng đoàn viết lại.") in text and nfc("Tiếp nhận hồ sơ qua bưu chính") not in text


def test_a_member_cannot_edit_the_narrative(client, demo, qn):
    version = _draft(qn, demo.users["office"])
    client.force_login(demo.users["member"])
    response = client.post(reverse("reports:version_narrative", args=[version.pk]), {"causes": "x"})
    assert response.status_code in (403, 404)
    version.refresh_from_db()
    assert version.narrative == {}


def test_the_unedited_kon_tum_report_prints_as_before(report_document, demo):
    version = DocumentVersion.objects.create(document=report_document, version=1, issued_on=datetime.date(2020, 8, 26))
    text = _render(version)
    assert nfc("Đoàn kiểm tra kiến nghị Ủy ban nhân dân tỉnh:") in text
    assert nfc("Ủy ban nhân dân các huyện, thành phố tiếp tục") in text
    assert Document.objects.filter(pk=report_document.pk).exists()
