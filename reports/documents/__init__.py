"""The contexts the PDF/DOCX renderers print, one module per document kind over a shared ``common``.

Every context runs a fixed number of SQL queries whatever the number of agencies, findings or
photos (pinned by tests with ``django_assert_max_num_queries``). Templates receive plain dicts
and lists, so rendering never triggers a lazy load.
"""

from reports.documents.common import DocumentParams
from reports.documents.conclusion import conclusion_context
from reports.documents.followup import followup_context
from reports.documents.minutes import minutes_context
from reports.documents.report import report_context
from reports.models import Document, Kind
from units.names import agency_names_on


def document_context(*, document: Document, params: DocumentParams) -> dict:
    """The context of any document kind (the one entry point the renderers use).

    Agencies print under the names they had on the document's date (``units.names``): a rename in
    2026 leaves a regenerated 2020 document as it was issued.
    """
    with agency_names_on(params.issued_on):
        return kind_context(document=document, params=params)


def kind_context(*, document: Document, params: DocumentParams) -> dict:
    if document.kind == Kind.REPORT:
        return report_context(plan=document.plan, params=params)
    if document.kind == Kind.MINUTES:
        return minutes_context(visit=document.visit, params=params)
    if document.kind == Kind.FOLLOWUP:
        return followup_context(plan=document.plan, params=params)
    deadline = params.deadline or params.issued_on
    return conclusion_context(document.visit, params.issued_on, deadline, params=params)
