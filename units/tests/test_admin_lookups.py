"""The admin's official form: the account box is an autocomplete the office may use (it answered 403)."""

from django.urls import reverse


def test_office_looks_up_accounts_from_the_official_form(client, demo):
    client.force_login(demo.users["office"])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "units", "model_name": "official", "field_name": "user", "term": "head"},
    )
    assert response.status_code == 200
    assert "head" in [r["text"] for r in response.json()["results"]]
    official = demo.users["head"].official
    assert client.get(reverse("admin:units_official_change", args=[official.pk])).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_others_cannot_look_up_accounts(client, demo):
    client.force_login(demo.users["leader"])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "units", "model_name": "official", "field_name": "user", "term": "head"},
    )
    assert response.status_code in (302, 403)
