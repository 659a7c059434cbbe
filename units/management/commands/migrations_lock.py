"""Record the SHA-256 of every migration of the project apps in ``migrations.lock``; refuse to change one.

A migration that has landed is never edited (docs/architecture.md): the next change is a new file.
``tests/test_migrations_lock.py`` fails when a migration differs from its entry or has none.
"""

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LOCK = Path(settings.BASE_DIR) / "migrations.lock"


def migration_hashes() -> dict[str, str]:
    """``app/migrations/NNNN_name.py`` → SHA-256 of its bytes, for every app in this repository."""
    base = Path(settings.BASE_DIR).resolve()
    found = {}
    for config in apps.get_app_configs():
        folder = Path(config.path).resolve() / "migrations"
        if not folder.is_dir() or folder.parent.parent != base:
            continue  # Django's and third-party apps (installed elsewhere, or in .venv/)
        for path in sorted(folder.glob("[0-9]*.py")):
            found[str(path.relative_to(base))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def lock_read() -> dict[str, str]:
    return json.loads(LOCK.read_text(encoding="utf-8")) if LOCK.exists() else {}


class Command(BaseCommand):
    help = "Add new migrations to migrations.lock; fail if a locked migration was edited or removed."

    def handle(self, *args, **options):
        locked, current = lock_read(), migration_hashes()
        changed = sorted(name for name, digest in locked.items() if current.get(name) != digest)
        if changed:
            raise CommandError(
                "Locked migrations were edited or removed (write a new migration instead): " + ", ".join(changed)
            )
        added = sorted(set(current) - set(locked))
        LOCK.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        self.stdout.write(f"{len(current)} migrations locked, {len(added)} added: {', '.join(added) or '-'}")
