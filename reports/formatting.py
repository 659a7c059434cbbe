"""Nghị định 30/2020/NĐ-CP presentation rules as small pure functions (tested on their own)."""

import datetime

# Cited dates and sentences are defined once, in inspections.citations (the plan form drafts with them too).
from inspections.citations import legal_date as legal_date
from inspections.citations import lower_first as lower_first
from reports.models import ISSUER_CODE

DRAFT_NUMBER_BLANK = "\u00a0" * 6  # "Số:      /BC-ĐKT" on a draft: the number is written in by hand


def doc_number(number: int | None, type_code: str) -> str:
    """``Số: 05/BC-ĐKT``: numbers under 10 take a leading zero; a draft leaves the number blank."""
    value = DRAFT_NUMBER_BLANK if number is None else f"{number:02d}"
    return f"{value}/{type_code}-{ISSUER_CODE}"


def date_words(day: datetime.date) -> str:
    """``ngày 04 tháng 6 năm 2020``: days under 10 and months 1–2 take a zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: datetime.date) -> str:
    """``Kon Tum, ngày 26 tháng 8 năm 2020``."""
    return f"{place}, {date_words(day)}"


def short_date(day: datetime.date | None) -> str:
    """dd/mm/yyyy, as the app shows dates."""
    return f"{day:%d/%m/%Y}" if day else ""


def upper_vi(text: str) -> str:
    """Capitals for headings ("UBND tỉnh Kon Tum" → "UBND TỈNH KON TUM")."""
    return text.upper()


def place_name(area) -> str:
    """The place name of a date line: "Tỉnh Kon Tum" → "Kon Tum", "Thành phố Hà Nội" → "Hà Nội"."""
    if area is None:
        return ""
    name = area.name
    prefix = area.division_type or ""
    if prefix and name.lower().startswith(prefix.lower()):
        return name[len(prefix) :].strip()
    return name
