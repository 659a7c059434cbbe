"""Model fields and constraints written the same way in every app."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


def user_link(verbose_name, *, blank: bool = False) -> models.ForeignKey:
    """Who did something (requested, uploaded, reviewed…): the row outlives the account (SET NULL) and
    the user gets no reverse accessor (``related_name="+"``)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


def ends_after_start(start: str, end: str, *, name: str, message, optional: bool = True) -> models.CheckConstraint:
    """The database refuses an end before its start; with ``optional`` either may be empty."""
    ordered = Q(**{f"{end}__gte": F(start)})
    if optional:
        ordered = Q(**{f"{end}__isnull": True}) | Q(**{f"{start}__isnull": True}) | ordered
    return models.CheckConstraint(condition=ordered, name=name, violation_error_message=message)


def one_per(field: str, *, where: Q, name: str, message) -> models.UniqueConstraint:
    """At most one row per ``field`` among the rows ``where`` holds (one head per team, one pending request)."""
    return models.UniqueConstraint(fields=[field], condition=where, name=name, violation_error_message=message)
