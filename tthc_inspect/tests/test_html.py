"""Our ``format_html`` writes what Django's writes, for every kind of value a row holds."""

import datetime

import pytest
from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from tthc_inspect import html

VALUES = [
    "Sở <Tư pháp> & \"Nội vụ\" 'x'",
    mark_safe("<b>đã an toàn</b>"),
    gettext_lazy("Quá hạn"),
    mark_safe(gettext_lazy("Quá hạn")),  # noqa: S308  (a lazy safe string, as a template literal is)
    7,
    2.5,
    None,
    datetime.date(2026, 12, 6),
    "",
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_each_value_escaped_as_django_escapes_it(value):
    with override("en"):
        ours = html.format_html("<td title='{0}'>{0}</td>", value)
        theirs = django_html.format_html("<td title='{0}'>{0}</td>", value)
    assert ours == theirs
    assert isinstance(ours, SafeString)


def test_keywords_and_join_as_django():
    rows = [(v, v) for v in VALUES] + [{"a": "<", "b": 1}]
    template = "<li>{}|{}</li>"
    ours = html.format_html_join(mark_safe("<br>"), template, (r for r in rows[:-1]))
    theirs = django_html.format_html_join(mark_safe("<br>"), template, (r for r in rows[:-1]))
    assert ours == theirs
    assert html.format_html_join("&", "{a}{b}", [rows[-1]]) == django_html.format_html_join("&", "{a}{b}", [rows[-1]])
    assert html.format_html_join("&", "{a}{b}", [rows[-1]]) == "&lt;1"


def test_no_values_is_refused_as_by_django():
    with pytest.raises(TypeError):
        html.format_html("<br>")
