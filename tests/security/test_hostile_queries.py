"""Hostile query strings on every list and dashboard never give a 500 (issue 13).

``?agency=99999999999999999999999`` (and the same on ``area``, ``plan``…) reached the database and
raised ``OverflowError`` on SQLite; ``?area=²`` passed ``str.isdigit`` and failed in ``int()``.
Every filter of the project is built from the shared classes in ``tthc_inspect.forms``
(checked below), and a property-based test (Hypothesis) feeds random and hostile query strings
to every URL that the access table lists as a scoped list (``200∅``), as the office and as a
liaison. Runs on SQLite and on PostgreSQL (``DATABASE_URL``).
"""

from urllib.parse import urlencode

import django_filters
import pytest
from django import forms
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reports.dashboards.exports import TABLES
from reports.dashboards.filters import DashboardFilter, DrillDown
from reports.dashboards.views import CHARTS
from tests.security.test_access_control import ROWS
from tthc_inspect.forms import ID_MAX, IdField, IdModelChoiceField

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("units", "checklists", "inspections", "findings", "reports", "demo", "api", "tthc_inspect")
EXPANDED = {"dashboards:chart": CHARTS, "dashboards:export": TABLES}  # rows that name one of several
NOT_LISTS = {"reports:verify"}  # 200∅ for outsiders, but one code's page (public part only), not a list


def scoped_list_urls() -> list[str]:
    """Every GET row the access table marks as a list scoped to the user (``200∅`` for an outsider)."""
    urls = []
    for name, row in sorted(ROWS.items()):
        if row["method"] != "GET" or row["codes"]["other_liaison"] != "200∅" or name in NOT_LISTS:
            continue
        if name in EXPANDED:
            urls += [reverse(name, kwargs={"name": each}) for each in sorted(EXPANDED[name])]
        else:
            urls.append(reverse(name))
    return urls


def filtersets() -> list[type]:
    """Every FilterSet of the project: the URLconf imports every view, and with it every filter."""
    get_resolver().url_patterns  # noqa: B018  (imports the views)
    found, todo = [], list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.split(".")[0] in PROJECT_APPS:
            found.append(cls)
    return found


URLS = scoped_list_urls()
FILTER_KEYS = sorted({key for cls in filtersets() for key in cls.base_filters} | set(DrillDown.base_fields) | {"page"})


def test_the_urls_and_filters_are_found():
    assert reverse("dashboards:visits") in URLS and reverse("inspections:plan_list") in URLS
    assert reverse("findings:action_list") in URLS and len(URLS) >= 15
    assert {"agency", "area", "plan", "year", "issuer", "section"} <= set(FILTER_KEYS)


def _field_problem(name: str, field_class: type, extra: dict) -> str | None:
    if issubclass(field_class, forms.ModelChoiceField) and not issubclass(field_class, IdModelChoiceField):
        return f"{name}: a ModelChoiceField that is not IdModelChoiceField"
    if issubclass(field_class, forms.DecimalField | forms.FloatField):
        return f"{name}: a decimal/float number filter (use IntegerFilter or IdFilter)"
    if issubclass(field_class, forms.IntegerField) and extra.get("max_value") is None:
        return f"{name}: an integer filter without max_value"
    return None


def test_every_filter_takes_its_numbers_and_ids_through_the_shared_bounded_fields():
    problems = []
    for cls in filtersets():
        for key, each in cls.base_filters.items():
            problem = _field_problem(f"{cls.__name__}.{key}", each.field_class, each.extra)
            problems += [problem] if problem else []
    for key, field in DrillDown.base_fields.items():
        problem = _field_problem(
            f"DrillDown.{key}", type(field), {"max_value": field.max_value} if hasattr(field, "max_value") else {}
        )
        problems += [problem] if problem else []
    assert DashboardFilter in filtersets()
    assert problems == []
    assert isinstance(DrillDown.base_fields["agency"], IdField)


HOSTILE = [
    "99999999999999999999999",
    str(ID_MAX + 1),
    str(2**31),
    "-1",
    "0",
    "²",
    "١٢",
    "１２",
    "1e400",
    "NaN",
    "1\x00",
    "\x00",
    "0x10",
    " 7 ",
    "null",
    "' OR 1=1 --",
    "9" * 5000,
    "ư" * 3000,
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=2000),
)
keys = st.one_of(st.sampled_from(FILTER_KEYS), st.text(min_size=1, max_size=10))
queries = st.lists(st.tuples(keys, values), min_size=1, max_size=8)  # repeated keys happen


def _check(client, url: str, query: list[tuple[str, str]]):
    response = client.get(f"{url}?{urlencode(query)}")
    assert response.status_code == 200, (url, query, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body, (url, query)


@pytest.mark.parametrize("who", ["office", "liaison"])
@settings(
    max_examples=40,
    deadline=None,
    database=None,  # nothing written into the work tree; a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(url=st.sampled_from(URLS), query=queries)
@example(url=reverse("dashboards:visits"), query=[("agency", "99999999999999999999999")])
@example(url=reverse("dashboards:overview"), query=[("area", "99999999999999999999999")])
@example(url=reverse("dashboards:overview"), query=[("area", "²"), ("year", "²")])
@example(url=reverse("findings:action_list"), query=[("agency", "99999999999999999999999")])
@example(url=reverse("inspections:plan_list"), query=[("year", "1e400"), ("issuer", "9" * 30)])
def test_no_query_string_gives_a_server_error(client, demo, who, url, query):
    client.force_login(demo.users[who])
    _check(client, url, query)


@pytest.mark.parametrize("url", URLS)
def test_every_filter_key_at_once_with_an_out_of_range_id(client, demo, url):
    """Deterministic: each URL once per persona with every filter key set to a value past the id range."""
    for who in ("office", "liaison"):
        client.force_login(demo.users[who])
        _check(client, url, [(key, "99999999999999999999999") for key in FILTER_KEYS])
        _check(client, url, [(key, "²") for key in FILTER_KEYS])
