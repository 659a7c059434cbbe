"""Sổ đăng ký văn bản đi: the number of each final document, per issuing body, type and year.

``register_number`` runs inside ``document_finalize``'s transaction. The counter row of (issuer,
body, type code, year) is created if missing (INSERT … ON CONFLICT DO NOTHING, so two first
documents of a year cannot both create it) and then locked (SELECT … FOR UPDATE): concurrent
finalisations queue on it, each takes ``last + 1``, and a finalisation that rolls back gives its
number back with it. Numbering restarts at 01 on 1 January because the year is part of the key
(the year of the document's date). A number typed by the office (a register kept on paper until
now) is accepted once: a number already in the register is refused.
"""

from django.utils.translation import gettext as _

from reports.models import ISSUER_CODE, DocumentVersion, RegisterCounter, RegisterEntry


class RegisterError(ValueError):
    """The number cannot be given; the message says why, in Vietnamese."""


def register_counter(*, version: DocumentVersion) -> RegisterCounter:
    """The locked counter of the version's issuing body, type and year (created at 0 if missing)."""
    document = version.document
    key = {
        "issuer_id": document.plan.issuer_id,
        "body_code": ISSUER_CODE,
        "type_code": document.type_code,
        "year": version.issued_on.year,
    }
    RegisterCounter.objects.bulk_create([RegisterCounter(**key)], ignore_conflicts=True)
    return RegisterCounter.objects.select_for_update().get(**key)


def register_number(*, version: DocumentVersion, number: int | None = None) -> int:
    """Enter the version in the register and return its number (the next one unless ``number`` is given)."""
    counter = register_counter(version=version)
    if number is None:
        number = counter.last + 1
    elif RegisterEntry.objects.filter(counter=counter, number=number).exists():
        raise RegisterError(
            _("Số %(number)02d/%(code)s-%(body)s năm %(year)d đã có trong sổ đăng ký văn bản đi.")
            % {"number": number, "code": counter.type_code, "body": counter.body_code, "year": counter.year}
        )
    counter.last = max(counter.last, number)
    counter.save(update_fields=["last"])
    RegisterEntry.objects.create(counter=counter, number=number, version=version)
    return number
