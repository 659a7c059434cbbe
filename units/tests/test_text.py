import unicodedata

from tthc_inspect.text import fold, nfc
from units.models import Agency, Kind, Level


def test_fold_ignores_accents_and_both_dak_spellings():
    assert fold("Đắk Hà") == fold("Đăk Hà") == fold("dak ha") == "dak ha"
    assert fold("  UBND   huyện  Ngọc Hồi ") == "ubnd huyen ngoc hoi"


def test_agency_names_are_stored_as_nfc_and_found_without_accents(db):
    decomposed = unicodedata.normalize("NFD", "UBND huyện Đắk Hà")
    assert decomposed != "UBND huyện Đắk Hà"
    agency = Agency.objects.create(name=decomposed, kind=Kind.PEOPLES_COMMITTEE, level=Level.DISTRICT)
    agency.refresh_from_db()
    assert agency.name == nfc(decomposed) == "UBND huyện Đắk Hà"
    assert agency in Agency.objects.search("dak ha")
    assert agency in Agency.objects.search("Đăk Hà")
    assert agency not in Agency.objects.search("ngoc hoi")
