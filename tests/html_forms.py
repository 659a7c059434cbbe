"""What a browser would send for a form on a page: the values of its inputs, selects and textareas.

Tests that post a page's own form back (with one field changed, or one added as an attacker
would) start from these values, so they need no hand-written copy of each form's fields.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"id": a.get("id", ""), "method": (a.get("method") or "get").lower(), "fields": []}
            self.forms.append(self._form)
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append((name, a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]  # a single select sends its first option when none is selected
            self._form["fields"].extend((self._select["name"], v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text.removeprefix("\n")))
            self._textarea = None


def posted_forms(html: str) -> list[dict]:
    """Every POST form of the page as ``{"id": …, "data": {name: [values]}}``, in page order."""
    reader = _FormReader()
    reader.feed(html)
    found = []
    for form in reader.forms:
        if form["method"] != "post":
            continue
        data: dict[str, list[str]] = {}
        for name, value in form["fields"]:
            data.setdefault(name, []).append(value)
        found.append({"id": form["id"], "data": data})
    return found


def form_data(html: str, *, form_id: str | None = None, containing: str | None = None) -> dict[str, list[str]]:
    """The values of the one POST form with this id, or that has a field named ``containing``."""
    forms = posted_forms(html)
    if form_id is not None:
        forms = [f for f in forms if f["id"] == form_id]
    if containing is not None:
        forms = [f for f in forms if containing in f["data"]]
    assert len(forms) == 1, f"expected one such form, found {len(forms)}: {[f['id'] for f in forms]}"
    return {name: list(values) for name, values in forms[0]["data"].items()}


def as_querydict(data: dict[str, list[str]]):
    """The values as a request's POST, for binding a form directly."""
    from django.http import QueryDict

    posted = QueryDict(mutable=True)
    for name, values in data.items():
        posted.setlist(name, values)
    return posted
