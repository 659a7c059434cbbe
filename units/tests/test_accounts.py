"""Accounts in the pages: the office creates them, sets roles, mails a set-password link, disables them."""

import re

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from units.models import Agency, Official
from units.roles import GROUP_NAMES, Role, roles_of


def new_official(**extra) -> Official:
    agency = Agency.objects.get(name="Sở Tư pháp")
    return Official.objects.create(full_name="Trần Thị Mới", agency=agency, email="moi@example.vn", **extra)


def logs_in(client, username: str, password: str) -> bool:
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def link_from_outbox() -> str:
    return re.search(r"https?://[^/\s]+(/mat-khau/dat/\S+/)", mail.outbox[-1].body).group(1)


def test_office_creates_account_and_the_official_sets_a_password_from_the_mailed_link(client, demo):
    official = new_official()
    client.force_login(demo.users["office"])
    response = client.post(
        reverse("units:account_create", args=[official.pk]),
        {"username": "tranthimoi", "email": "moi@example.vn", "roles": [Role.TEAM_HEAD], "send_link": "on"},
    )
    account = User.objects.get(username="tranthimoi")
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.user == account and account.get_full_name() == "Mới Trần Thị"
    assert roles_of(account) == {Role.TEAM_HEAD}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["moi@example.vn"]
    assert "tranthimoi" in mail.outbox[0].body
    client.logout()
    form = client.get(link_from_outbox(), follow=True)
    assert "Đặt mật khẩu" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Kon-Tum-2026!", "new_password2": "Kon-Tum-2026!"})
    assert done.status_code == 302
    assert logs_in(client, "tranthimoi", "Kon-Tum-2026!")
    assert client.get(link_from_outbox(), follow=True).context["validlink"] is False  # used once


def test_roles_are_set_and_the_office_cannot_drop_its_own(client, demo):
    official = new_official()
    client.force_login(demo.users["office"])
    client.post(
        reverse("units:account_create", args=[official.pk]),
        {"username": "moi", "email": "moi@example.vn", "roles": [Role.LIAISON]},
    )
    account = User.objects.get(username="moi")
    assert mail.outbox == []  # no link unless asked
    client.post(
        reverse("units:account_edit", args=[account.pk]), {"email": "m2@example.vn", "roles": [Role.LEADERSHIP]}
    )
    account.refresh_from_db()
    assert set(account.groups.values_list("name", flat=True)) == {GROUP_NAMES[Role.LEADERSHIP]}
    assert account.email == "m2@example.vn"
    office = demo.users["office"]
    client.post(reverse("units:account_edit", args=[office.pk]), {"email": "o@example.vn", "roles": [Role.LEADERSHIP]})
    assert office.groups.filter(name=GROUP_NAMES[Role.OFFICE]).exists()


def test_office_disables_an_account_which_then_cannot_log_in_nor_get_a_link(client, demo):
    member = demo.users["member"]
    member.email = "member@example.vn"
    member.save()
    client.force_login(demo.users["office"])
    client.post(reverse("units:account_active", args=[member.pk]), {"active": "0"})
    member.refresh_from_db()
    assert member.is_active is False
    client.post(reverse("units:account_link", args=[member.pk]))
    assert mail.outbox == []
    client.logout()
    assert not logs_in(client, "member", "demo-2020")
    client.force_login(demo.users["office"])
    client.post(reverse("units:account_active", args=[member.pk]), {"active": "1"})
    client.post(reverse("units:account_link", args=[member.pk]))
    assert len(mail.outbox) == 1


def test_office_cannot_disable_itself(client, demo):
    office = demo.users["office"]
    client.force_login(office)
    client.post(reverse("units:account_active", args=[office.pk]), {"active": "0"})
    office.refresh_from_db()
    assert office.is_active


def test_account_pages_are_for_the_office_only(client, demo):
    official = new_official()
    for who in ["head", "member", "liaison", "leader"]:
        client.force_login(demo.users[who])
        assert client.get(reverse("units:account_list")).status_code == 403
        response = client.post(
            reverse("units:account_create", args=[official.pk]), {"username": "x", "email": "x@example.vn"}
        )
        assert response.status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_every_user_sees_their_profile_and_changes_their_password(client, demo):
    client.force_login(demo.users["head"])
    page = client.get(reverse("units:profile")).content.decode()
    assert "Trưởng đoàn" in page and "1978/KH-UBND" in page
    response = client.post(
        reverse("password_change"),
        {"old_password": "demo-2020", "new_password1": "Moi-2026-abc!", "new_password2": "Moi-2026-abc!"},
    )
    assert response.status_code == 302
    client.logout()
    assert logs_in(client, "head", "Moi-2026-abc!")


def test_account_list_finds_by_official_name(client, demo):
    client.force_login(demo.users["office"])
    page = client.get(reverse("units:account_list"), {"q": "Nguyễn Văn A"}).content.decode()
    assert "head" in page
