"""Which models the audit trail covers, under which slug of ``/nhat-ky/<slug>/<id>/``.

Each app registers its own audited models from its ``AppConfig.ready()`` (``audit_register``),
so this module, like the rest of ``tthc_inspect``, names no app. A model registered without a
django-simple-history trail is refused at start-up: its audit page could only fail.
"""

from django.core.exceptions import ImproperlyConfigured

_REGISTRY: dict[str, type] = {}


def audit_register(slug: str, model) -> None:
    if not hasattr(model._meta, "simple_history_manager_attribute"):
        raise ImproperlyConfigured(f"{model._meta.label} is registered for the audit trail but keeps no history.")
    if _REGISTRY.get(slug, model) is not model:
        raise ImproperlyConfigured(f"Audit slug {slug!r} is taken by {_REGISTRY[slug]._meta.label}.")
    _REGISTRY[slug] = model


def audited_models() -> dict[str, type]:
    """slug → model, for every registered model."""
    return dict(_REGISTRY)


def audited_model(slug: str):
    """The model audited under ``slug``, or None."""
    return _REGISTRY.get(slug)
