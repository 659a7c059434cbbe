"""What a request wrote, for tests that assert effects rather than status codes.

``row_counts()`` counts every table of the project's apps and of auth (rows, many-to-many
links, history): a refused request must leave it equal; an allowed one changes what it should.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings


def every_table() -> list:
    """Every model of the project's own apps (top-level packages of the repository) and of auth."""
    project = [c for c in apps.get_app_configs() if Path(c.path).parent == settings.BASE_DIR]
    return [m for c in [*project, apps.get_app_config("auth")] for m in c.get_models(include_auto_created=True)]


def row_counts() -> dict[str, int]:
    return {m._meta.db_table: m.objects.count() for m in every_table()}


def grown(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Tables whose count changed, with the difference."""
    return {table: after[table] - n for table, n in before.items() if after[table] != n}
