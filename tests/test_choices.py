"""``choice_label`` says what Django's ``get_<field>_display`` says, in each language."""

import pytest
from django.utils import translation

from findings.models import Finding, RemediationAction
from findings.models.results import Severity
from tthc_inspect.choices import choice_label


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("status", [*RemediationAction.Status.values, "not-a-status"])
def test_status_label_as_djangos(language, status):
    action = RemediationAction(status=status)
    with translation.override(language):
        assert choice_label(action, "status") == action.get_status_display()


def test_labels_follow_the_language_after_the_first_call():
    action = RemediationAction(status=RemediationAction.Status.VERIFIED)
    with translation.override("vi"):
        vietnamese = choice_label(action, "status")
    with translation.override("en"):
        english = choice_label(action, "status")
        assert english == action.get_status_display()
    assert vietnamese != english


@pytest.mark.parametrize("severity", ["", None, *Severity.values])
def test_blank_and_empty_values_as_djangos(severity):
    finding = Finding(kind=Finding.Kind.LIMITATION, severity=severity)
    assert choice_label(finding, "severity") == finding.get_severity_display()
    assert choice_label(finding, "kind") == finding.get_kind_display()
