"""The one XLSX writer: every export of the project builds its workbook here, so no cell can forget.

A spreadsheet runs a cell that starts like a formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``,
``+1+1``, ``@SUM(…)``): text typed by users or imported from a checklist file would become one.
``cell_value`` writes such text with a leading apostrophe, as text; it also drops the control
characters XLSX cannot hold (openpyxl refuses them with an error, which was a 500) and turns lazy
translations and safe strings into plain text. Only this module imports openpyxl's writer
(``tests/security/test_exports_payloads.py`` checks it); the exports keep their layout through
``Sheet.row``/``widths``/``freeze``.
"""

import datetime
import decimal
import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
PLAIN = (bool, int, float, decimal.Decimal, datetime.date, datetime.datetime, datetime.time)
SHEET_TITLE_BAD = re.compile(r"[\\/?*\[\]:]")


def cell_value(value):
    """What a cell may hold: numbers and dates as they are; anything else as text that cannot run."""
    if value is None or isinstance(value, PLAIN):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Sheet:
    """One worksheet; rows are written only through ``row``."""

    def __init__(self, worksheet):
        self._sheet = worksheet

    def row(self, values, *, bold: bool = False, size: int | None = None, wrap: bool = False) -> None:
        self._sheet.append([cell_value(v) for v in values])
        if bold or size or wrap:
            for cell in self._sheet[self._sheet.max_row]:
                if bold or size:
                    cell.font = Font(bold=bold, size=size)
                if wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")

    def widths(self, widths: list[int]) -> None:
        for index, width in enumerate(widths, start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = width

    def freeze(self, cell: str) -> None:
        self._sheet.freeze_panes = cell


class Book:
    """A workbook of ``Sheet``s, returned as bytes by ``content``."""

    def __init__(self, title: str = ""):
        self._book = Workbook()
        self._book.remove(self._book.active)
        if title:
            self._book.properties.title = cell_value(title)

    def sheet(self, title: str) -> Sheet:
        return Sheet(self._book.create_sheet(SHEET_TITLE_BAD.sub(" ", str(title))[:31] or "Sheet"))

    def content(self) -> bytes:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()
