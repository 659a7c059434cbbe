"""The Celery app, wired once: settings come from Django's with the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tthc_inspect.settings")

app = Celery("tthc_inspect")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="tthc_inspect.ping")
def ping() -> str:
    """A no-op task used by health checks and by the worker smoke test."""
    return "pong"
