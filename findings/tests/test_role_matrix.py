"""Role × action matrix for results, findings, evidence and explanations.

Anonymous → login; outsiders (another agency's liaison, another team's member) → 404;
roles that may see but not act → 403; allowed roles succeed.
"""

import pytest
from django.urls import reverse

from findings.models import Evidence, Explanation, Finding, ItemResult
from findings.tests.conftest import image_upload, result_post
from inspections.models import Visit

PERSONAS = ["anonymous", "other_liaison", "liaison", "other_member", "member", "head", "office", "leader"]

MATRIX = {
    #                 anon  o_liais liaison o_memb member head office leader
    "view_workspace": [302, 404, 200, 404, 200, 200, 200, 200],
    "save_result": [302, 404, 404, 404, 200, 200, 403, 403],
    "create_finding": [302, 404, 403, 404, 200, 200, 403, 403],
    "upload_evidence": [302, 404, 403, 404, 200, 200, 403, 403],
    "view_finding": [302, 404, 404, 404, 200, 200, 200, 200],
    "explain_after_submission": [302, 404, 302, 404, 403, 403, 403, 403],
}


def _do(client, action, visit, finding):
    row = visit.item_results.order_by("pk").first()
    if action == "view_workspace":
        return client.get(reverse("findings:workspace", args=[visit.pk]))
    if action == "save_result":
        return client.post(reverse("findings:item_result_save", args=[row.pk]), result_post(row, note="x"))
    if action == "create_finding":
        return client.post(
            reverse("findings:finding_create", args=[visit.pk]),
            {"kind": "strength", "description": "Tốt", "revision": 0},
        )
    if action == "upload_evidence":
        return client.post(
            reverse("findings:evidence_upload", args=[visit.pk]), {"file": image_upload(), "caption": "Ảnh"}
        )
    if action == "view_finding":
        return client.get(reverse("findings:finding_detail", args=[finding.pk]))
    if action == "explain_after_submission":
        ItemResult.objects.filter(visit=visit).update(result="pass")
        Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.SUBMITTED)
        return client.post(reverse("findings:explanation_add", args=[finding.pk]), {"text": "Giải trình"})
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("who", PERSONAS)
def test_role_matrix(client, open_visit, personas, action, who):
    finding = Finding.objects.create(visit=open_visit, kind="limitation", description="Hạn chế", severity="low")
    before = (
        ItemResult.objects.filter(note="x").count(),
        Finding.objects.count(),
        Evidence.objects.count(),
        Explanation.objects.count(),
    )
    if personas[who] is not None:
        client.force_login(personas[who])
    response = _do(client, action, open_visit, finding)
    expected = MATRIX[action][PERSONAS.index(who)]
    assert response.status_code == expected, (who, action, response.status_code)
    if expected == 302 and who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    after = (
        ItemResult.objects.filter(note="x").count(),
        Finding.objects.count(),
        Evidence.objects.count(),
        Explanation.objects.count(),
    )
    if expected != 200 and not (expected == 302 and who != "anonymous"):
        assert after == before  # a refused request saves nothing
