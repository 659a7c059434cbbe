"""Every page speaks one language: in English no Vietnamese UI label is left, in Vietnamese no English one.

Labels are recognised by the project's own catalog (locale/en/LC_MESSAGES/django.po): a text node, or
an aria-label, title or placeholder, that is exactly a Vietnamese msgid on an English page, or exactly
its English msgstr on a Vietnamese page, is a label the page forgot to translate. Data (agency names,
people, findings) is not in the catalog and never matches. Django's own strings that its Vietnamese
catalog lacks are in locale/vi (``UPSTREAM_ENGLISH`` lists those seen on our pages).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.security.test_access_control import FILE_ROWS, ROWS, World, build

PO = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
UPSTREAM_ENGLISH = {"- Select an option -", "Created by", "Search", "Show counts", "Skip to main content"}
NOT_PAGES = FILE_ROWS
PAGES = sorted(name for name, row in ROWS.items() if row["method"] == "GET" and name not in NOT_PAGES)
READERS = ["office", "head", "member", "liaison", "leader"]


def catalog() -> list[tuple[str, str]]:
    pairs = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            source = "".join(re.findall(r'"(.*)"', msgid.group(1)))
            target = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
            if source and target and source != target and "%" not in source and "{" not in source:
                pairs.append((source, target))
    return pairs


PAIRS = catalog()
VIETNAMESE = {source for source, _ in PAIRS} - {target for _, target in PAIRS}
ENGLISH = ({target for _, target in PAIRS} - VIETNAMESE) | UPSTREAM_ENGLISH


class Texts(HTMLParser):
    """The text a reader sees or hears: text nodes and the labelling attributes, outside script/style."""

    ATTRIBUTES = {"aria-label", "title", "placeholder"}

    def __init__(self):
        super().__init__()
        self.texts, self.skip = set(), 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.texts.add(value.strip())

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.add(" ".join(data.split()))


def page_texts(html: str) -> set[str]:
    parser = Texts()
    parser.feed(html)
    return parser.texts


@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_in_one_language(client, demo, personas, django_capture_on_commit_callbacks, name):
    row = ROWS[name]
    who = next(w for w in READERS if row["codes"][w].startswith("200"))
    world = World(demo, personas, django_capture_on_commit_callbacks, who)
    kwargs, _ = build(name, world)
    client.force_login(personas[who])
    url = reverse(name, kwargs=kwargs)
    found = {}
    for language, foreign in (("en", VIETNAMESE), ("vi", ENGLISH)):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200, (name, language)
        if leftovers := sorted(page_texts(response.content.decode()) & foreign):
            found[language] = leftovers
    assert found == {}, f"{name} as {who}: {found}"


def test_the_check_finds_a_leftover_label():
    assert page_texts("<p>Kế hoạch kiểm tra</p><button aria-label='Mở menu'>x</button>") & VIETNAMESE == {
        "Kế hoạch kiểm tra",
        "Mở menu",
    }
    assert page_texts("<select><option>- Select an option -</option></select>") & ENGLISH
