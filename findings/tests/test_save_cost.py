"""What a save costs in queries (issue 22): a loaded object is not looked up again, and the checks that
matter still refuse bad rows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from findings.models import Finding

EVIDENCE_SET_READS = 'SELECT "findings_evidence"."id" AS "id"'  # what ``evidence.set()`` reads first
FINDING = {"kind": "limitation", "severity": "medium", "description": "Hồ sơ chưa đầy đủ.", "revision": 0}


def _save_finding(client, visit, item, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            reverse("findings:finding_create", args=[visit.pk]),
            FINDING | {"item": item.pk} | extra,
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_a_finding_save_does_not_look_up_again_what_it_has_read(client, open_visit, demo):
    client.force_login(demo.users["member"])
    item = open_visit.item_results.order_by("pk").first().item
    _save_finding(client, open_visit, item, description="Hạn chế đầu")  # the session's first write renews it
    response, queries = _save_finding(client, open_visit, item)
    assert "Hồ sơ chưa đầy đủ." in response.content.decode()
    assert Finding.objects.filter(visit=open_visit, item=item, description="Hồ sơ chưa đầy đủ.").count() == 1
    existence = [q for q in queries if q.startswith('SELECT 1 AS "a" FROM "auth_user"')]
    existence += [q for q in queries if q.startswith('SELECT 1 AS "a" FROM "inspections_visit"')]
    assert existence == []  # the signed-in user and the scoped visit were read: no "does it exist?" query
    reads_of_the_new_findings_photos = [q for q in queries if q.startswith(EVIDENCE_SET_READS)]
    assert reads_of_the_new_findings_photos == []  # a new finding has none: nothing to compare with
    assert len(queries) <= 21  # was 25 (31 in the load suite, with a photo)


def test_the_query_count_of_a_finding_save_does_not_grow_with_findings(client, open_visit, demo):
    client.force_login(demo.users["member"])
    item = open_visit.item_results.order_by("pk").first().item
    _save_finding(client, open_visit, item, description="Hạn chế đầu")  # the session's first write renews it
    _, first = _save_finding(client, open_visit, item)
    for n in range(5):
        _save_finding(client, open_visit, item, description=f"Hạn chế {n}")
    _, later = _save_finding(client, open_visit, item, description="Hạn chế cuối")
    assert len(later) == len(first)


def test_an_object_that_was_not_loaded_is_still_checked(open_visit, demo):
    finding = Finding(visit=open_visit, kind="limitation", severity="medium", description="x", item_id=10**9)
    with pytest.raises(ValidationError) as refused:
        finding.full_clean()
    assert "item" in refused.value.error_dict  # an id typed or sent, not an object read: looked up as before
    assert Finding.objects.filter(item_id=10**9).count() == 0


def test_the_constraints_still_run_when_the_relations_are_loaded(open_visit, demo):
    item = open_visit.item_results.order_by("pk").first().item
    finding = Finding(visit=open_visit, item=item, kind="limitation", severity="", description="x")
    with pytest.raises(ValidationError):
        finding.full_clean()  # a limitation needs a severity (the model's check constraint)
