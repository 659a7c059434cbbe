"""Migrations are append-only: every one is in migrations.lock with the SHA-256 it landed with."""

import json

import pytest
from django.core.management import CommandError, call_command

from units.management.commands import migrations_lock


def test_every_migration_is_locked_and_unchanged():
    locked, current = migrations_lock.lock_read(), migrations_lock.migration_hashes()
    edited = {name for name, digest in locked.items() if current.get(name) != digest}
    assert edited == set(), f"locked migrations edited or removed: {sorted(edited)} (write a new migration instead)"
    unlocked = set(current) - set(locked)
    assert unlocked == set(), f"run `python manage.py migrations_lock` to lock {sorted(unlocked)}"
    assert len(current) >= 15


def test_the_command_refuses_to_relock_an_edited_migration(tmp_path, monkeypatch):
    lock = tmp_path / "migrations.lock"
    hashes = migrations_lock.migration_hashes()
    name = sorted(hashes)[0]
    lock.write_text(json.dumps({name: "0" * 64}), encoding="utf-8")
    monkeypatch.setattr(migrations_lock, "LOCK", lock)
    with pytest.raises(CommandError, match=name):
        call_command("migrations_lock")
    assert "0" * 64 in lock.read_text(encoding="utf-8")  # the lock is left as it was
