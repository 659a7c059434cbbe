"""The small shared template filters and the ``__any`` lookup."""

import pytest
from django.template import Context, Template
from django.utils import translation

from units.models import AdminArea


def render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def test_a_rate_reads_in_the_users_language_and_a_missing_rate_is_a_dash():
    with translation.override("vi"):
        assert render("{{ r|rate }}", r=62.5) == "62,5\u00a0%"
        assert render("{{ r|rate }}", r=100) == "100,0\u00a0%"
        assert render("{{ r|rate }}", r=None) == "—"
    with translation.override("en"):
        assert render("{{ r|rate }}", r=62.5) == "62.5\u00a0%"


def test_a_rate_rounds_halves_up_and_can_leave_out_the_unit():
    """One partial in eight assessed is 6.25: "6,3" on every page and document (the PDF annex once said "6,2")."""
    with translation.override("vi"):
        assert render("{{ r|rate }}", r=6.25) == "6,3\u00a0%"
        assert render('{{ r|rate:"" }}', r=250 / 3) == "83,3"
        assert render('{{ r|rate:"" }}', r=None) == "—"


@pytest.mark.django_db
def test_any_matches_a_list_of_ids_like_in(demo):
    ids = list(AdminArea.objects.order_by("pk").values_list("pk", flat=True)[:5])
    assert list(AdminArea.objects.filter(pk__any=ids).order_by("pk").values_list("pk", flat=True)) == ids
    assert list(AdminArea.objects.filter(parent_id__any=ids[:1])) == list(AdminArea.objects.filter(parent_id=ids[0]))
    assert not AdminArea.objects.filter(pk__any=[]).exists()


class Thing:
    """A stand-in for a model with a status (units knows no higher app's models)."""

    STATUS_TONES = {"closed": "success"}

    def __init__(self, status, label):
        self.status, self.label = status, label

    def get_status_display(self):
        return self.label


def test_a_status_badge_takes_its_tone_from_the_model_and_says_the_status_in_words():
    closed = render("{% status_badge v %}", v=Thing("closed", "Đã kết thúc"))
    scheduled = render("{% status_badge v %}", v=Thing("scheduled", "Đã <lên> lịch"))
    assert closed == '<span class="badge status-badge text-bg-success">Đã kết thúc</span>'
    assert scheduled == '<span class="badge status-badge text-bg-secondary">Đã &lt;lên&gt; lịch</span>'


def test_a_page_link_keeps_every_filter_value_encoded_and_changes_only_the_page():
    from django.test import RequestFactory

    request = RequestFactory().get("/", {"q": "Ngọc Hồi & Đắk Hà", "areas": ["1", "2"], "page": "3"})
    link = render("{% page_query 4 %}", request=request)
    assert link == "?q=Ng%E1%BB%8Dc+H%E1%BB%93i+%26+%C4%90%E1%BA%AFk+H%C3%A0&amp;areas=1&amp;areas=2&amp;page=4"
