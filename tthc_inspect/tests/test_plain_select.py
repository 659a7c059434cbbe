"""PlainSelect writes the same <select> as Django's Select, faster: same selection, attributes, escaping."""

from django import forms

from tthc_inspect.forms import PlainSelect

CHOICES = [("", "---"), ("x", '<X & "y">'), ("2", "Hai")]


class Both(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, widget=PlainSelect(attrs={"class": "form-select"}), required=False)
    django = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "form-select"}), required=False)


def _options(html: str) -> list[str]:
    return [part.split(">", 1)[0] for part in html.split("<option")[1:]]


def test_the_same_options_are_selected_and_escaped_as_with_django():
    for data in ({}, {"plain": "2", "django": "2"}, {"plain": "x", "django": "x"}, {"plain": "", "django": ""}):
        form = Both(data)
        plain, django = str(form["plain"]), str(form["django"])
        assert _options(plain) == _options(django)
        assert "&lt;X &amp; &quot;y&quot;&gt;" in plain and "<X" not in plain


def test_attributes_and_name_are_kept():
    html = str(Both()["plain"])
    assert html.startswith("<select") and 'name="plain"' in html and 'id="id_plain"' in html
    assert 'class="form-select"' in html and html.endswith("</select>")
