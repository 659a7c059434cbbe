"""Create the role groups named in units/roles.py (names frozen here, no app imports)."""

from django.db import migrations

GROUP_NAMES = [
    "Văn phòng UBND tỉnh",
    "Trưởng đoàn kiểm tra",
    "Thành viên đoàn kiểm tra",
    "Đầu mối cơ quan được kiểm tra",
    "Lãnh đạo",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUP_NAMES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_areas_agencies_officials"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
