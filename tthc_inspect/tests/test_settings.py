"""Settings come from the environment and fail loudly on a bad or missing value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tthc_inspect.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_"))}
    code = (
        "import tthc_inspect.settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG, s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_embedded_default_is_sqlite_with_eager_tasks():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True", "vi", "Asia/Ho_Chi_Minh"]


def test_real_services_when_urls_are_set():
    result = load_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/x", CELERY_BROKER_URL="redis://127.0.0.1/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["django.db.backends.postgresql", "False"]


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_malformed_values_stop_start_up(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "twenty")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_LIST", "a.gov.vn, b.gov.vn,")
    assert env_list("X_LIST", []) == ["a.gov.vn", "b.gov.vn"]
    result = load_settings(DJANGO_DEBUG="perhaps")
    assert result.returncode != 0 and "DJANGO_DEBUG" in result.stderr


def test_models_and_migrations_agree():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tthc_inspect.settings_test"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
