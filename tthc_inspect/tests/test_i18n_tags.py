"""``{% load tthc_i18n %}``: Django's i18n tags, a literal translated once per language, saying what Django's says."""

import re

import pytest
from django.template import Context, Engine, engines
from django.templatetags.i18n import TranslateNode
from django.utils import translation

from tthc_inspect.i18n_tags import LiteralTranslateNode

LOAD_DJANGO_I18N = r"\{%\s*load\s[^%]*(?<![\w.])i18n(?![\w.])"

SOURCE = (
    "{% load tthc_i18n %}"
    "[{% trans 'Quá hạn' %}]"
    '[{% translate "Trạng thái" as label %}{{ label }}|{{ label }}]'
    "[{% trans 'Tổng' noop %}]"
    "[{% trans word %}]"
    "[{% trans 'Lọc'|upper %}]"
    "[{% trans '100%% <b>' %}]"
    "[{% trans 'May' context 'month name' %}]"
    "[{% autoescape off %}{% trans 'Sau' %}{% endautoescape %}]"
)


def _django_engine():
    return Engine(libraries={"tthc_i18n": "django.templatetags.i18n"})  # the same source, Django's tags


@pytest.mark.parametrize("language", ["vi", "en", None])
def test_same_text_as_djangos_own_tag_in_every_language(language):
    ours = engines["django"].from_string(SOURCE)
    theirs = _django_engine().from_string(SOURCE)
    context = {"word": "Đã đóng"}
    with translation.override(language):
        first = ours.render(context)
        second = ours.render(context)  # from the node's memory
        expected = theirs.render(Context(context))
    assert first == second == expected
    if language == "en":
        assert "[Overdue]" in first  # really translated, not only equal


def test_remembered_per_language_not_once_for_all():
    template = engines["django"].from_string("{% load tthc_i18n %}{% trans 'Quá hạn' %}")
    with translation.override("vi"):
        assert template.render({}) == "Quá hạn"
    with translation.override("en"):
        assert template.render({}) == "Overdue"
    with translation.override("vi"):
        assert template.render({}) == "Quá hạn"


def test_only_plain_literals_are_remembered():
    template = engines["django"].from_string(SOURCE).template
    nodes = [node for node in template.nodelist if isinstance(node, TranslateNode)]
    kinds = [type(node) is LiteralTranslateNode for node in nodes]
    # literal, literal as var, noop, variable, filtered, literal with %, with context, (inside autoescape)
    assert kinds == [True, True, False, False, False, True, False]


def test_our_templates_load_the_library_that_remembers():
    """A template that loads Django's ``i18n`` works but pays a translation per literal per render."""
    from pathlib import Path

    from django.conf import settings

    templates = Path(settings.BASE_DIR, "templates")
    plain = [str(p) for p in templates.rglob("*.*") if re.search(LOAD_DJANGO_I18N, p.read_text(encoding="utf-8"))]
    assert plain == []
