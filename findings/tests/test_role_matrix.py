"""Role × action matrix for results, findings, evidence and explanations.

Anonymous → login; outsiders (another agency's liaison, another team's member) → 404;
roles that may see but not act → 403; allowed roles succeed. Every cell asserts the effect:
an allowed write leaves the row it should (a form with errors also answers 200), a refused
request or a page view leaves the result, the finding and the row count of every table as they were.
"""

import pytest
from django.urls import reverse

from findings.models import Evidence, Explanation, Finding, ItemResult
from findings.tests.conftest import image_upload, result_post
from inspections.models import Visit
from tests.effects import grown, row_counts

PERSONAS = ["anonymous", "other_liaison", "liaison", "other_member", "member", "head", "office", "leader"]

MATRIX = {
    #                 anon  o_liais liaison o_memb member head office leader
    "view_workspace": [302, 404, 200, 404, 200, 200, 200, 200],
    "save_result": [302, 404, 404, 404, 200, 200, 200, 403],  # the office records without being on the team
    "create_finding": [302, 404, 403, 404, 200, 200, 200, 403],
    "upload_evidence": [302, 404, 403, 404, 200, 200, 200, 403],
    "view_finding": [302, 404, 404, 404, 200, 200, 200, 200],
    "explain_after_submission": [302, 404, 302, 404, 403, 403, 403, 403],
}
READS = {"view_workspace", "view_finding"}


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
        return client.post(reverse("findings:explanation_add", args=[finding.pk]), {"text": "Giải trình"})
    raise AssertionError(action)


def _state(visit, finding):
    """What the actions may write: the first result, the finding, and the visit's findings, photos, explanations."""
    row = visit.item_results.order_by("pk").values("result", "progress", "note", "revision", "updated_by").first()
    return {
        "result": row,
        "finding": Finding.objects.filter(pk=finding.pk).values("description", "revision").first(),
        "findings": set(Finding.objects.filter(visit=visit).values_list("pk", "description", "created_by")),
        "evidence": set(Evidence.objects.filter(visit=visit).values_list("pk", "caption", "uploaded_by")),
        "explanations": set(Explanation.objects.filter(finding=finding).values_list("pk", "text", "author")),
    }


def _written(action, before, after, user) -> bool:
    """Did the allowed ``action`` write what it should, and nothing else of the state?"""
    key, expected = {
        "save_result": ("result", None),
        "create_finding": ("findings", ("Tốt", user.pk)),
        "upload_evidence": ("evidence", ("Ảnh", user.pk)),
        "explain_after_submission": ("explanations", ("Giải trình", user.pk)),
    }[action]
    untouched = all(after[k] == before[k] for k in after if k != key)
    if action == "save_result":
        b, a = before["result"], after["result"]
        return untouched and a == b | {
            "note": "x",
            "result": "pass",
            "progress": "done",
            "revision": b["revision"] + 1,
            "updated_by": user.pk,
        }
    return untouched and [r[1:] for r in after[key] - before[key]] == [expected]


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("who", PERSONAS)
def test_role_matrix(client, open_visit, personas, action, who):
    finding = Finding.objects.create(visit=open_visit, kind="limitation", description="Hạn chế", severity="low")
    if action == "explain_after_submission":
        ItemResult.objects.filter(visit=open_visit).update(result="pass")
        Visit.objects.filter(pk=open_visit.pk).update(status=Visit.Status.SUBMITTED)
    user = personas[who]
    if user is not None:
        client.force_login(user)
    before, counts = _state(open_visit, finding), row_counts()
    response = _do(client, action, open_visit, finding)
    expected = MATRIX[action][PERSONAS.index(who)]
    assert response.status_code == expected, (who, action, response.status_code)
    after = _state(open_visit, finding)
    if expected == 302 and who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if expected in (200, 302) and who != "anonymous" and action not in READS:
        assert _written(action, before, after, user), (who, action, before, after)
    else:  # refused, or only looking: nothing changed
        assert after == before, (who, action)
        assert grown(counts, row_counts()) == {}, (who, action)
    if expected == 200 and action in READS:
        page = response.content.decode()
        assert "UBND huyện Ngọc Hồi" in page if action == "view_workspace" else "Hạn chế" in page
