"""A refused remediation step shows its message on the field it is about, in either language.

The services name the field (``RemediationError({"deadline": …})``); the views never read the
message to guess it (they once searched it for "hạn", which an English message does not contain).
"""

import pytest
from django.urls import get_resolver, reverse

from findings.models import DeadlineExtension, RemediationAction
from findings.tests.conftest import image_upload

LANGUAGES = ["vi", "en"]
BEFORE_CONCLUSION = {"vi": "không thể trước ngày ban hành kết luận", "en": "cannot be earlier than the conclusion"}


@pytest.fixture
def open_action(demo) -> RemediationAction:
    """Ngọc Hồi's still-open action (conclusion issued 15/09/2020, deadline 15/10/2020)."""
    return RemediationAction.objects.get(agency__name="UBND huyện Ngọc Hồi", status=RemediationAction.Status.OPEN)


def in_language(client, language):
    client.cookies["django_language"] = language
    return client


def report_data(action, text="Đã niêm yết lại.", with_file=True) -> dict:
    data = {"text": text, "caption": "Ảnh", "revision": action.revision}
    return data | {"file": image_upload()} if with_file else data


def report(client, action, **kwargs):
    return client.post(reverse("findings:action_report", args=[action.pk]), report_data(action, **kwargs))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_deadline_before_the_conclusion_is_shown_on_the_deadline_field(client, demo, open_action, language):
    in_language(client, language).force_login(demo.users["office"])
    data = {"description": open_action.description, "measure": "Khác", "deadline": "01/09/2020", "revision": 0}
    response = client.post(reverse("findings:action_edit", args=[open_action.pk]), data)
    form = response.context["edit_form"]
    assert BEFORE_CONCLUSION[language] in " ".join(form.errors["deadline"]) and not form.non_field_errors()
    assert BEFORE_CONCLUSION[language] in response.content.decode()
    open_action.refresh_from_db()
    assert open_action.measure != "Khác"
    response = client.post(
        reverse("findings:action_create", args=[open_action.visit_id]),
        {"description": "Thêm", "measure": "Làm", "deadline": "14/09/2020"},
    )
    assert list(response.context["form"].errors) == ["deadline"]
    assert not RemediationAction.objects.filter(description="Thêm").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_report_without_text_or_evidence_is_refused_on_that_field(client, demo, open_action, language):
    in_language(client, language).force_login(demo.users["liaison"])
    without_text = report(client, open_action, text="")
    without_file = report(client, open_action, with_file=False)
    assert list(without_text.context["report_form"].errors) == ["text"]
    assert list(without_file.context["report_form"].errors) == ["file"]
    open_action.refresh_from_db()
    assert open_action.status == RemediationAction.Status.OPEN and not open_action.report_evidence.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_return_without_a_reason_and_a_bad_extension_are_refused_on_their_fields(client, demo, open_action, language):
    in_language(client, language).force_login(demo.users["liaison"])
    url = reverse("findings:extension_request", args=[open_action.pk])
    early = client.post(url, {"new_deadline": "01/10/2020", "reason": "Chờ in phiếu"})
    no_reason = client.post(url, {"new_deadline": "30/11/2020", "reason": ""})
    assert list(early.context["extension_form"].errors) == ["new_deadline"]
    assert list(no_reason.context["extension_form"].errors) == ["reason"]
    assert not DeadlineExtension.objects.exists()
    report(client, open_action)
    in_language(client, language).force_login(demo.users["head"])
    response = client.post(reverse("findings:action_return", args=[open_action.pk]), {"comment": ""})
    assert list(response.context["review_form"].errors) == ["comment"]
    open_action.refresh_from_db()
    assert open_action.status == RemediationAction.Status.REPORTED


def test_verify_return_grant_and_refuse_are_views_of_their_own():
    """Each step is its own view at its own URL: no view chooses what to do from an argument in the URL."""
    views = {name: get_resolver().resolve(reverse(f"findings:{name}", args=[1])).func for name in STEPS}
    assert len(set(views.values())) == len(STEPS)
    assert [p.pattern for p in patterns(get_resolver()) if p.default_args] == []


STEPS = ["action_verify", "action_return", "extension_grant", "extension_refuse"]


def patterns(resolver):
    for pattern in resolver.url_patterns:
        yield from patterns(pattern) if hasattr(pattern, "url_patterns") else [pattern]
