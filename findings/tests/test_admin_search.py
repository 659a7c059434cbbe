"""The admin's search ignores accents on free text too (fields without a folded copy)."""

import pytest
from django.urls import reverse

from findings.models import Finding


@pytest.fixture
def office_admin(client, demo):
    client.force_login(demo.users["office"])
    return client


@pytest.mark.parametrize("typed", ["chua niem yet", "CHƯA NIÊM YẾT", "Chưa niêm yết"])
def test_free_text_search_in_the_admin_ignores_accents(office_admin, typed):
    """Fields without a folded copy (a finding's description) are compared folded in the database."""
    finding = Finding.objects.order_by("pk").first()
    Finding.objects.filter(pk=finding.pk).update(description="Chưa niêm yết công khai thủ tục hành chính")
    page = office_admin.get(reverse("admin:findings_finding_changelist"), {"q": typed}).content.decode()
    assert reverse("admin:findings_finding_change", args=[finding.pk]) in page
    other = office_admin.get(reverse("admin:findings_finding_changelist"), {"q": "khong co chu nay"}).content.decode()
    assert reverse("admin:findings_finding_change", args=[finding.pk]) not in other
