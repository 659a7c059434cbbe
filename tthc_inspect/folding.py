"""``field__fold__contains="dak pxi"``: accent- and case-insensitive matching in the database.

The pages search folded copies of names (``search_name``); free text (descriptions, notes, people's
names in accounts) has none. The admin's search uses this transform there: PostgreSQL lowers the
column and translates every Latin letter with a diacritic to its base letter (đ → d); SQLite calls
the same Python ``fold`` the pages use, registered on each connection.
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, TextField, Transform

from tthc_inspect.text import fold


def _letter_map() -> tuple[str, str]:
    """Every lower-case letter of Latin-1 and Latin Extended (Vietnamese included) whose fold is one ASCII letter."""
    source, target = [], []
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        base = fold(letter)
        if letter == letter.lower() and len(base) == 1 and base.isascii() and base.isalpha() and base != letter:
            source.append(letter)
            target.append(base)
    return "".join(source), "".join(target)


SOURCE, TARGET = _letter_map()


class Fold(Transform):
    lookup_name = "fold"

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"translate(lower({sql}), %s, %s)", [*params, SOURCE, TARGET]

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"tthc_fold({sql})", params


def _sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("tthc_fold", 1, fold, deterministic=True)


CharField.register_lookup(Fold)
TextField.register_lookup(Fold)
connection_created.connect(_sqlite_fold, dispatch_uid="tthc_inspect.folding.sqlite")
