"""The tablet workspace (issue 17) as the server renders it: index, what is missing, in-place forms."""

import io

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from PIL import Image

from findings.models import Finding
from findings.selectors import visit_outline
from findings.tests.conftest import result_post


def _workspace(client, visit):
    return client.get(reverse("findings:workspace", args=[visit.pk])).content.decode()


def test_page_lists_each_unassessed_item_and_the_submit_button_counts_them(client, open_visit, demo):
    client.force_login(demo.users["member"])
    rows = list(open_visit.item_results.select_related("item").order_by("pk"))
    open_visit.item_results.exclude(pk=rows[0].pk).update(result="pass")
    page = _workspace(client, open_visit)
    assert "Nộp kết quả · còn 1 tiêu chí chưa đánh giá" in page
    assert f'href="#item-{rows[0].pk}">{rows[0].item.code}' in page
    assert reverse("findings:visit_submit", args=[open_visit.pk]) not in page  # not offered yet
    open_visit.item_results.update(result="pass")
    page = _workspace(client, open_visit)
    assert "còn" not in page.split('class="mt-1 submit-box"')[1][:400]
    assert reverse("findings:visit_submit", args=[open_visit.pk]) in page


def test_section_index_shows_each_sections_progress_and_reaches_findings_and_evidence(client, open_visit, demo):
    client.force_login(demo.users["member"])
    outline = visit_outline(visit=open_visit)
    first = outline.sections[0]
    page = _workspace(client, open_visit)
    assert f'href="#sec-{first.pk}"' in page
    assert f'{first.code} <span class="small">0/{first.applicable}</span>' in page
    assert 'href="#findings"' in page and 'href="#evidence"' in page
    row = open_visit.item_results.filter(item__section_id=first.pk).order_by("pk").first()
    response = client.post(
        reverse("findings:item_result_save", args=[row.pk]), result_post(row), HTTP_HX_REQUEST="true"
    )
    assert f'{first.code} <span class="small">1/{first.applicable}</span>' in response.content.decode()


def test_outline_from_rows_equals_the_one_query_outline(open_visit, django_assert_num_queries):
    rows = list(open_visit.item_results.select_related("item", "item__section"))
    open_visit.item_results.filter(pk=rows[0].pk).update(result="na")
    open_visit.item_results.filter(pk=rows[1].pk).update(result="fail")
    with django_assert_num_queries(1):
        outline = visit_outline(visit=open_visit)
    rows = list(open_visit.item_results.select_related("item", "item__section"))
    assert sorted(visit_outline(visit=open_visit, rows=rows).missing) == sorted(outline.missing)
    assert outline.progress.assessed == 1 and outline.progress.applicable == len(rows) - 1
    assert len(outline.missing) == len(rows) - 2


def test_a_result_on_an_item_marked_todo_is_saved_as_done(client, open_visit, demo):
    client.force_login(demo.users["member"])
    row = open_visit.item_results.order_by("pk").first()
    url = reverse("findings:item_result_save", args=[row.pk])
    client.post(url, result_post(row, result="pass", progress="todo"), HTTP_HX_REQUEST="true")
    row.refresh_from_db()
    assert (row.result, row.progress) == ("pass", "done")  # never "Đạt · Chưa làm"
    client.post(url, result_post(row, result="", progress="todo"), HTTP_HX_REQUEST="true")
    row.refresh_from_db()
    assert (row.result, row.progress) == ("", "todo")


def test_finding_recorded_in_its_items_card(client, open_visit, demo):
    client.force_login(demo.users["member"])
    url = reverse("findings:finding_create", args=[open_visit.pk])
    form = client.get(url + "?in_place=1", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="in_place" value="1"' in form and 'hx-target="closest .item-extra"' in form
    item = open_visit.item_results.order_by("pk").first().item
    data = {"kind": "limitation", "item": item.pk, "description": "Thiếu sổ", "revision": 0, "in_place": "1"}
    refused = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "Hãy chọn mức độ của hạn chế." in refused and 'name="in_place"' in refused  # back in the card
    assert not Finding.objects.filter(visit=open_visit).exists()
    saved = client.post(url, {**data, "severity": "medium"}, HTTP_HX_REQUEST="true").content.decode()
    assert "data-saved-in-place" in saved and 'id="findings"' in saved and 'hx-swap-oob="true"' in saved
    assert Finding.objects.get(visit=open_visit).item == item


def test_photo_refused_in_its_items_card_says_why_there(client, open_visit, demo):
    client.force_login(demo.users["member"])
    url = reverse("findings:evidence_upload", args=[open_visit.pk])
    bad = io.BytesIO(b"not a photo")
    bad.name = "anh.jpg"
    refused = client.post(url, {"file": bad, "caption": "1.1 Niêm yết", "in_place": "1"}, HTTP_HX_REQUEST="true")
    html = refused.content.decode()
    assert "photo-form" in html and "invalid-feedback" in html and 'id="evidence"' not in html
    assert not open_visit.evidence.exists()
    good = io.BytesIO()
    Image.new("RGB", (64, 48)).save(good, "JPEG")
    good.seek(0)
    good.name = "anh.jpg"
    saved = client.post(url, {"file": good, "caption": "1.1 Niêm yết", "in_place": "1"}, HTTP_HX_REQUEST="true")
    assert "data-saved-in-place" in saved.content.decode()
    assert open_visit.evidence.get().caption == "1.1 Niêm yết"


def test_expired_session_answers_a_fragment_with_401_not_the_login_page(client, open_visit, demo):
    client.force_login(demo.users["member"])
    row = open_visit.item_results.order_by("pk").first()
    Session.objects.all().delete()
    url = reverse("findings:item_result_save", args=[row.pk])
    response = client.post(url, result_post(row), HTTP_HX_REQUEST="true")
    assert response.status_code == 401 and response["X-Session-Expired"] == "session"
    assert "Tên đăng nhập" not in response.content.decode()
    row.refresh_from_db()
    assert row.result == ""
    page = client.post(url, result_post(row))  # a full page still goes to the login page
    assert page.status_code == 302 and page["Location"].startswith(reverse("login"))


def test_csrf_failure_on_a_fragment_is_a_plain_403_that_says_so(open_visit, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.users["member"])
    row = open_visit.item_results.order_by("pk").first()
    url = reverse("findings:item_result_save", args=[row.pk])
    response = client.post(url, result_post(row), HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and response["X-Session-Expired"] == "csrf"
    assert client.post(url, result_post(row)).status_code == 403  # Django's own page for a full POST
    row.refresh_from_db()
    assert row.result == ""


def test_session_state_gives_a_fresh_token_and_who_is_signed_in(client, demo):
    anonymous = client.get(reverse("fieldwork:session_state")).json()
    assert anonymous["authenticated"] is False and anonymous["user"] is None and anonymous["csrf"]
    client.force_login(demo.users["member"])
    state = client.get(reverse("fieldwork:session_state"))
    assert state.json()["user"] == demo.users["member"].pk and "no-cache" in state["Cache-Control"]


def test_service_worker_is_served_from_the_root_and_the_manifest_names_the_app(client):
    worker = client.get(reverse("fieldwork:service_worker"))
    assert worker["Content-Type"].startswith("text/javascript") and worker["Service-Worker-Allowed"] == "/"
    assert b"tthc-pages-v1" in worker.content
    manifest = client.get(reverse("fieldwork:manifest")).json()
    assert manifest["short_name"] == "Kiểm tra KSTTHC" and manifest["display"] == "standalone"
