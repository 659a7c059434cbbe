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
import zipfile
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
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

    def content(self, *, stable_at: datetime.datetime | None = None) -> bytes:
        """The workbook's bytes; with ``stable_at`` the same data always gives the same bytes (its
        creation/modification time is ``stable_at`` and the ZIP members carry a fixed time): packages
        whose manifest hashes must repeat (``reports/exchange``) use it."""
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue() if stable_at is None else _stable(buffer.getvalue(), stable_at)


CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _stable(content: bytes, when: datetime.datetime) -> bytes:
    stamp = when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = CORE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- Reading (imports) ----------------------------------------------------------------------------
# An uploaded workbook is a ZIP of XML parts written by someone else. Before openpyxl sees it,
# ``read_rows`` checks it as a hostile archive: its size, the number and expanded size of its
# members and their compression ratio (a zip bomb), and each XML part for a DTD (entity expansion,
# "billion laughs") or a nesting deeper than any real sheet has. Every refusal is an ``XlsxError``
# with a Vietnamese message for the page; no exception of a parser reaches the view as a 500.

READ_MAX_MEMBERS = 200
READ_MAX_EXPANDED = 50 * 1024 * 1024  # bytes of all members once decompressed
READ_MAX_RATIO = 200  # expanded / compressed, per member
READ_MAX_DEPTH = 40  # XML nesting; a real sheet is about 6 deep
XML_CHUNK = 64 * 1024


class XlsxError(ValueError):
    """The uploaded workbook was refused; ``str(error)`` is the message to show."""


def _refuse(message) -> XlsxError:
    return XlsxError(str(message))


def _check_xml(handle) -> None:
    """Stream one XML member through expat: no DTD, no entity, no nesting deeper than READ_MAX_DEPTH."""
    parser = expat.ParserCreate()
    depth = [0]

    def start(name, attrs):
        depth[0] += 1
        if depth[0] > READ_MAX_DEPTH:
            raise _refuse(_("Tệp Excel có cấu trúc lồng nhau quá sâu; không đọc được."))

    def end(name):
        depth[0] -= 1

    def doctype(*args):
        raise _refuse(_("Tệp Excel chứa khai báo DTD/thực thể; không được chấp nhận."))

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        while chunk := handle.read(XML_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _refuse(_("Tệp Excel bị hỏng (XML không hợp lệ).")) from exc


def check_archive(content: bytes, *, max_members: int = READ_MAX_MEMBERS, max_expanded: int = READ_MAX_EXPANDED):
    """Refuse a workbook that is not a sane ZIP: too many members, too large expanded, too compressed."""

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")) from exc
    if len(members) > max_members:
        raise _refuse(_("Tệp Excel có quá nhiều thành phần (%(n)d).") % {"n": len(members)})
    expanded = sum(m.file_size for m in members)
    if expanded > max_expanded:
        raise _refuse(_("Tệp Excel khi giải nén quá lớn (%(mb)d MB).") % {"mb": expanded // (1024 * 1024)})
    for member in members:
        if member.file_size > READ_MAX_RATIO * max(member.compress_size, 1) and member.file_size > 1024 * 1024:
            raise _refuse(_("Tệp Excel bị nén bất thường (nghi là tệp nén bom); không đọc được."))
    return archive


def read_rows(content: bytes, *, sheet: str | None = None, max_rows: int = 1000, max_cols: int = 30) -> list[list]:
    """The rows of one sheet (the first, or the one named ``sheet``) as lists of plain values.

    Values are what the cells hold: text (stripped), numbers, dates (``datetime`` for a date cell),
    or None. Raises ``XlsxError`` for anything refused, including more than ``max_rows`` rows.
    """
    archive = check_archive(content)
    try:
        for member in archive.infolist():
            if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                with archive.open(member) as handle:
                    _check_xml(handle)
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except XlsxError:
        raise
    except Exception as exc:  # any failure of the parsers is the same "not a valid workbook"
        raise _refuse(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")) from exc
    try:
        return _sheet_rows(book, sheet, max_rows, max_cols)
    finally:
        book.close()


def sheet_names(content: bytes) -> list[str]:
    """The titles of a workbook's sheets (after the same checks as ``read_rows``)."""
    check_archive(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True)
    except Exception as exc:
        raise _refuse(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")) from exc
    names = list(book.sheetnames)
    book.close()
    return names


def _sheet_rows(book, sheet, max_rows, max_cols) -> list[list]:

    if sheet is not None and sheet not in book.sheetnames:
        return []
    worksheet = book[sheet] if sheet is not None else book.worksheets[0]
    rows = []
    try:
        for values in worksheet.iter_rows(max_col=max_cols, values_only=True):
            if len(rows) >= max_rows:
                raise _refuse(_("Bảng tính có quá %(n)d dòng.") % {"n": max_rows})
            cells = [v.strip() if isinstance(v, str) else v for v in values]
            while cells and cells[-1] in (None, ""):
                cells.pop()
            rows.append(cells)
    except XlsxError:
        raise
    except Exception as exc:
        raise _refuse(_("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")) from exc
    while rows and not rows[-1]:
        rows.pop()
    return rows
