"""``url_by_id`` gives what ``reverse`` gives, for every id, under any script prefix."""

import pytest
from django.urls import reverse, set_script_prefix

from tthc_inspect.reversing import url_by_id


@pytest.mark.parametrize("viewname", ["findings:action_detail", "findings:agency_actions", "inspections:visit_detail"])
@pytest.mark.parametrize("pk", [1, 42, 2**63 - 1])
def test_same_url_as_reverse(viewname, pk):
    assert url_by_id(viewname)(pk) == reverse(viewname, args=[pk])


def test_follows_the_script_prefix():
    try:
        set_script_prefix("/tinh/")
        assert url_by_id("findings:action_detail")(7) == reverse("findings:action_detail", args=[7])
        assert url_by_id("findings:action_detail")(7).startswith("/tinh/")
    finally:
        set_script_prefix("/")


def test_refuses_what_is_not_an_id():
    with pytest.raises(ValueError):
        url_by_id("findings:action_detail")("1/../../admin")


def test_an_id_followed_by_fixed_arguments():
    thumbnail = url_by_id("findings:evidence_file", "anh-nho")
    assert thumbnail(12) == reverse("findings:evidence_file", args=[12, "anh-nho"])
