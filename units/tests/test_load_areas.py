import datetime

from django.core.management import call_command

from units.models import AdminArea, Level


def _district(code):
    return AdminArea.objects.get(edition=AdminArea.Edition.PRE_2025, level=Level.DISTRICT, code=code)


def test_kon_tum_districts_exist_until_the_reform_with_their_successors(db):
    call_command("load_areas", province=[62])
    ngoc_hoi = _district(611)
    assert ngoc_hoi.name == "Huyện Ngọc Hồi"
    assert ngoc_hoi.parent.name == "Tỉnh Kon Tum"
    assert ngoc_hoi.valid_to == datetime.date(2025, 6, 30)
    assert sorted(s.name for s in ngoc_hoi.successors.all()) == ["Xã Bờ Y", "Xã Dục Nông", "Xã Sa Loong"]
    assert sorted(s.name for s in _district(613).successors.all()) == ["Xã Kon Plông", "Xã Măng Bút", "Xã Măng Đen"]
    kon_tum = ngoc_hoi.parent
    (quang_ngai,) = kon_tum.successors.all()
    assert quang_ngai.name == "Tỉnh Quảng Ngãi"
    assert quang_ngai.edition == AdminArea.Edition.REFORM_2025
    assert quang_ngai.valid_from == datetime.date(2025, 7, 1)
    assert all(c.parent_id == quang_ngai.pk for c in ngoc_hoi.successors.all())


def test_area_names_read_as_in_running_text(db):
    call_command("load_areas", province=[62])
    assert _district(611).name_in_text == "huyện Ngọc Hồi"
    assert _district(611).parent.name_in_text == "tỉnh Kon Tum"


def test_load_areas_is_idempotent(db, capsys):
    call_command("load_areas", province=[62])
    counts = (AdminArea.objects.count(), AdminArea.successors.through.objects.count())
    capsys.readouterr()
    call_command("load_areas", province=[62])
    assert (AdminArea.objects.count(), AdminArea.successors.through.objects.count()) == counts
    assert "0 mới, 0 cập nhật, 0 liên kết" in capsys.readouterr().out


def test_valid_on_selects_the_edition_in_force(db):
    call_command("load_areas", province=[62])
    provinces = AdminArea.objects.filter(level=Level.PROVINCE)
    assert set(provinces.valid_on(datetime.date(2020, 8, 26)).values_list("name", flat=True)) >= {"Tỉnh Kon Tum"}
    assert "Tỉnh Kon Tum" not in set(provinces.valid_on(datetime.date(2025, 7, 1)).values_list("name", flat=True))
