"""The periodic report upward: periods, figures from the data, the job's PDF (NĐ 30) and XLSX, the form file."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from findings.models import Finding, RemediationAction
from reports.models import PeriodicReport
from reports.periodic.figures import Period, PeriodError, periodic_figures
from reports.rendering import pdf_text
from tthc_inspect.xlsx import read_rows

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2020", D(2020, 1, 1), D(2020, 12, 31), "năm 2020"),
        ("2020-h2", D(2020, 7, 1), D(2020, 12, 31), "6 tháng cuối năm 2020"),
        ("2020-Q3", D(2020, 7, 1), D(2020, 9, 30), "Quý III năm 2020"),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31), "Quý I năm 2024"),
    ],
)
def test_periods(text, start, end, label):
    period = Period.parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "20", "2020-Q5", "2020-H3", "năm 2020"])
def test_bad_periods_are_refused_in_vietnamese(text):
    with pytest.raises(PeriodError, match="Kỳ báo cáo không hợp lệ"):
        Period.parse(text)


def values(figures) -> dict[str, object]:
    return {row.label: row.value for row in figures.rows}


def test_the_kon_tum_half_year_in_figures(demo):
    figures = periodic_figures(user=demo.users["office"], period=Period.parse("2020-H2"))
    got = values(figures)
    assert got["Số kế hoạch kiểm tra có cuộc kiểm tra trong kỳ"] == 1
    assert got["Số cuộc kiểm tra đã thực hiện (đã nộp kết quả hoặc kết thúc)"] == 8
    assert got["Số cơ quan, đơn vị được kiểm tra"] == 8
    assert (got["Cấp tỉnh"], got["Cấp huyện"], got["Cấp xã"]) == (4, 4, 0)
    limitations = Finding.objects.filter(visit__plan=demo.plan, kind="limitation").count()
    assert got["Số tồn tại, hạn chế phát hiện"] == limitations > 0
    by_kind = [r for r in figures.rows if r.code.startswith("5.")]
    assert sum(r.value for r in by_kind) == limitations
    actions = RemediationAction.objects.filter(visit__plan=demo.plan).count()
    assert got["Số biện pháp khắc phục đã yêu cầu"] == actions
    parts = ("Đã khắc phục, được xác minh", "Chưa khắc phục, còn trong hạn", "Chưa khắc phục, quá hạn")
    assert sum(got[p] for p in parts) == actions
    groups = [r for r in figures.rows if r.code.startswith("4.")]
    assert groups and all(r.unit == "%" and "Đạt" in r.note for r in groups)
    assert all(not r.confirmed for r in figures.rows)  # the form's rows are not yet checked against the official one


def test_another_period_counts_nothing_and_a_liaison_sees_only_its_agency(demo):
    empty = values(periodic_figures(user=demo.users["office"], period=Period.parse("2020-Q1")))
    assert empty["Số cuộc kiểm tra đã thực hiện (đã nộp kết quả hoặc kết thúc)"] == 0
    own = values(periodic_figures(user=demo.users["liaison"], period=Period.parse("2020")))
    assert own["Số cơ quan, đơn vị được kiểm tra"] == 1


def test_the_figures_take_a_fixed_number_of_queries(demo, other_plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        periodic_figures(user=demo.users["office"], period=Period.parse("2020"))


def test_the_office_adjusts_the_rows_in_the_form_file(demo, settings, tmp_path):
    form = tmp_path / "form.yaml"
    form.write_text(
        'title: Báo cáo thử\nrows:\n  - {code: "A", label: "Cuộc kiểm tra", unit: "cuộc", metric: visits_done}\n',
        encoding="utf-8",
    )
    settings.PERIODIC_REPORT_FORM = str(form)
    figures = periodic_figures(user=demo.users["office"], period=Period.parse("2020"))
    assert [(r.code, r.label, r.value) for r in figures.rows] == [("A", "Cuộc kiểm tra", 8)]
    form.write_text("title: x\nrows:\n  - {code: B, label: y, metric: khong_co}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="khong_co"):
        periodic_figures(user=demo.users["office"], period=Period.parse("2020"))


def request(client, **data):
    base = {"year": 2020, "part": "H2", "format": "pdf", "issued_on": "05/01/2021"}
    return client.post(reverse("reports:periodic"), {**base, **data})


def test_the_office_gets_a_bao_cao_in_nd30_form_through_the_job(client, demo, django_capture_on_commit_callbacks):
    client.force_login(demo.users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        response = request(client, number=12, signer_name="Nguyễn Văn A", signer_position="Phó Chánh Văn phòng")
    assert response.status_code == 302
    job = PeriodicReport.objects.get()
    assert (job.status, job.period, job.issuer.name) == ("done", "2020-H2", "Văn phòng UBND tỉnh Kon Tum")
    text = " ".join(pdf_text(default_storage.open(job.file.name).read()).split())
    for words in ["BÁO CÁO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/BC-VP", "6 tháng cuối năm 2020", "Kính gửi"]:
        assert words in text, words
    assert "VĂN PHÒNG UBND TỈNH KON TUM" in text and "KT. CHÁNH VĂN PHÒNG" in text and "DỰ THẢO" not in text
    download = client.get(reverse("reports:periodic_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    page = client.get(reverse("reports:periodic")).content.decode()
    assert reverse("reports:periodic_download", args=[job.pk]) in page


def test_the_xlsx_lists_every_row(client, demo, django_capture_on_commit_callbacks):
    client.force_login(demo.users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        request(client, format="xlsx")
    job = PeriodicReport.objects.get()
    rows = read_rows(default_storage.open(job.file.name).read())
    labels = [r[1] for r in rows if len(r) > 1]
    assert "Số cuộc kiểm tra đã thực hiện (đã nộp kết quả hoặc kết thúc)" in labels and "Cấp huyện" in labels
    assert ["STT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú", "Đã đối chiếu biểu mẫu chính thức"] in rows


def test_a_draft_says_its_rows_are_unconfirmed(client, demo, django_capture_on_commit_callbacks):
    client.force_login(demo.users["office"])
    with django_capture_on_commit_callbacks(execute=True):
        request(client)
    text = " ".join(pdf_text(default_storage.open(PeriodicReport.objects.get().file.name).read()).split())
    assert "DỰ THẢO" in text and "chưa đối chiếu với biểu mẫu báo cáo chính thức" in text


@pytest.mark.parametrize("persona", ["liaison", "member", "head"])
def test_only_office_and_leadership_reach_the_page(client, demo, persona):
    client.force_login(demo.users[persona])
    assert client.get(reverse("reports:periodic")).status_code == 403
    assert request(client).status_code == 403


def test_leadership_reads_but_does_not_request(client, demo):
    client.force_login(demo.users["leader"])
    assert client.get(reverse("reports:periodic")).status_code == 200
    assert request(client).status_code == 403 and not PeriodicReport.objects.exists()


def test_a_final_needs_a_signer(client, demo):
    client.force_login(demo.users["office"])
    page = request(client, number=3).content.decode()
    assert "Bản có số văn bản phải có người ký." in page and not PeriodicReport.objects.exists()
