"""Issue 14: ``plan_xlsx`` and ``checklist_parse`` split below 60 lines give what they gave before.

The digests were taken from main's unsplit functions (b878357) on the same inputs; every cell of the
three sheets and every parse result or error message of the corpus below is covered.
"""

import dataclasses
import hashlib
import io
import json

import openpyxl

from checklists.formats import checklist_parse
from checklists.services import DEFAULT_CHECKLIST
from findings.tests.test_checklist_io import GOOD
from reports.spreadsheet import plan_xlsx

PLAN_XLSX_CELLS = "55a589c6b739d3b628722c9e1409b46041c8832bcec03610558aae2559f6112e"
# Re-taken when issue 16 gave checklist files their edition fields (validity, legal bases) and the
# shipped checklist its 2025 wording: the parse results of the same corpus now carry them.
CHECKLIST_PARSES = "50aa49bea682de32b692549712ae737d701abd5fce43a57252660a24261bfa22"


def sheet_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        [
            sheet.title,
            [[cell.value for cell in row] for row in sheet.iter_rows()],
            {key: dim.width for key, dim in sorted(sheet.column_dimensions.items())},
            sheet.freeze_panes,
        ]
        for sheet in book.worksheets
    ]


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, default=str).encode()).hexdigest()


def checklist_corpus() -> dict[str, str]:
    """Both good files, and each with one line dropped, doubled, or emptied after its key."""
    corpus = {}
    for j, base in enumerate([GOOD, DEFAULT_CHECKLIST.read_text(encoding="utf-8")]):
        lines = base.splitlines()
        corpus[f"{j}"] = base
        for i, line in enumerate(lines):
            corpus[f"{j}drop{i}"] = "\n".join(lines[:i] + lines[i + 1 :])
            corpus[f"{j}dup{i}"] = "\n".join(lines[: i + 1] + lines[i:])
            corpus[f"{j}blank{i}"] = "\n".join([*lines[:i], line.split(":")[0] + ":", *lines[i + 1 :]])
    return corpus


def parse_outcome(parse, text: str) -> str:
    try:
        return json.dumps(dataclasses.asdict(parse(text)), ensure_ascii=False, sort_keys=True, default=str)
    except Exception as exc:  # noqa: BLE001 - the message is what is compared
        return f"{type(exc).__name__}: {exc}"


def checklist_digest(parse) -> str:
    return digest({name: parse_outcome(parse, text) for name, text in sorted(checklist_corpus().items())})


def test_plan_xlsx_gives_the_same_cells(demo):
    assert digest(sheet_cells(plan_xlsx(demo.plan))) == PLAN_XLSX_CELLS


def test_checklist_parse_gives_the_same_specs_and_errors(db):
    assert checklist_digest(checklist_parse) == CHECKLIST_PARSES
