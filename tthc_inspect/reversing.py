"""URLs of many rows from one ``reverse``: a list of 50 rows with two links each reversed 100 times.

``reverse`` resolves the name, checks the arguments against the pattern and quotes the result each
time (about 15 µs, 7 % of a list's CPU, issue 22). For a pattern whose only argument is an integer
id, the URL of every id is the same text around the id.
"""

from django.urls import reverse

_MARKER = 987654321987654321  # an id no table holds, to find where the id goes in the reversed URL


def url_by_id(viewname: str, *more_args):
    """``id → reverse(viewname, args=[id, *more_args])``, reversing once (in the request's script prefix)."""
    head, tail = reverse(viewname, args=[_MARKER, *more_args]).split(str(_MARKER))

    def url(pk) -> str:
        return f"{head}{int(pk)}{tail}"

    return url
