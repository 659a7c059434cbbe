"""The one row-level scoping base: ``Model.objects.restrict(user, action)`` (NetBox's RestrictedQuerySet idea).

Each scoped model declares only *where its rows lead*, as a ``Scope`` class attribute:

    class Visit(models.Model):
        scope = Scope(team="plan", agency="agency")
        objects = VisitQuerySet.as_manager()     # VisitQuerySet(ScopedQuerySet)

- ``team``: the path to the inspection plan whose team roster sees the row (``"pk"`` on the plan itself);
- ``agency``: the path to the inspected agency whose liaison sees the row (None: liaisons never do);
- ``results_of``: the path to the visit when the row is that visit's recorded work
  (results, findings, evidence…): liaisons see such rows only once the results are released;
- ``liaison_also``: a further condition on what a liaison sees (documents: only the final
  Biên bản and Thông báo kết luận);
- ``public``: every signed-in user may read the rows (checklist templates).

The *rules* — office and leadership see everything, who is on a plan's team, which agencies a liaison
answers for, when a visit's results are released, what a user may pick in a form — live in one module
above this app, ``inspections/access.py``, which registers itself here (``rule_register``) when its
app is ready. This module names no app above ``units``.

``restrict(user, action)``: ``"view"`` (what the user may read; every view starts there: another
agency's object is a 404) or ``"pick"`` (what a form may offer the user: the rows they may view and
the units under the agencies they may view). ``visible_to(user)`` is ``restrict(user, "view")``.
``restrict_form_fields(form, user)`` narrows every model choice field of a form the same way, and
``scope_confirm(obj, user)`` is the services' re-check after a write (raises ``OutOfScope``, so the
write's transaction rolls back).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q

ACTIONS = ("view", "pick")
NOTHING = Q(pk__in=[])  # the condition that matches no row (anonymous users)


@dataclass(frozen=True)
class Scope:
    """Where a scoped model's rows lead: to a plan's team, to an inspected agency, to a visit's results."""

    team: str | None = None
    agency: str | None = None
    results_of: str | None = None
    liaison_also: Q = field(default_factory=Q)
    public: bool = False
    parent: str | None = None  # path to the agency above the row's agency, for ``"pick"`` (units under it)

    def match(self, model, lookups: dict, also: Q | None = None) -> Q:
        """``Q(**lookups) & also``, wrapped as ``pk__in`` a subquery when a path crosses a to-many
        relation (a plan reached through several visits is still one row)."""
        condition = Q(**lookups) if also is None else Q(**lookups) & also
        if any(_is_multivalued(model, path) for path in lookups):
            return Q(pk__in=model._base_manager.filter(condition).values("pk"))
        return condition


def _is_multivalued(model, path: str) -> bool:
    for name in path.split("__"):
        if name == "pk" or model is None:
            return False
        try:
            relation = model._meta.get_field(name)
        except Exception:  # a lookup such as "in" or "status": the path ends here
            return False
        if relation.one_to_many or relation.many_to_many:
            return True
        model = relation.related_model
    return False


Rule = Callable[[object, type[models.Model], Scope, str], Q | None]
_rules: list[Rule] = []


def rule_register(rule: Rule) -> None:
    """Called once by ``inspections.access`` (its AppConfig.ready): ``rule(user, model, scope, action)``
    returns the condition on the model's rows, or None for every row."""
    _rules[:] = [rule]


def scope_condition(user, model, action: str = "view") -> Q | None:
    """The condition ``user`` puts on ``model``'s rows for ``action``; None means every row.

    Anonymous users see nothing (``NOTHING``).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown scoping action {action!r}")
    scope = getattr(model, "scope", None)
    if not isinstance(scope, Scope):
        raise ImproperlyConfigured(f"{model.__name__} declares no units.scoping.Scope")
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if scope.public:
        return None
    if not _rules:
        raise ImproperlyConfigured("no scoping rule registered (inspections.access)")
    return _rules[0](user, model, scope, action)


class ScopedQuerySet(models.QuerySet):
    """The base of every scoped queryset; the model says where its rows lead (``scope``)."""

    def restrict(self, user, action: str = "view"):
        condition = scope_condition(user, self.model, action)
        if condition is None:
            return self
        if condition == NOTHING:
            return self.none()
        return self.filter(condition)

    def visible_to(self, user):
        """What ``user`` may read: ``restrict(user, "view")``."""
        return self.restrict(user, "view")


class OutOfScope(PermissionDenied):
    """A write would have moved an object out of its writer's scope."""


def scope_confirm(obj, user, action: str = "view") -> None:
    """After a write, inside its transaction: the object must still be within ``user``'s scope.

    Raises ``OutOfScope`` (a PermissionDenied: a 403, and the transaction rolls back) otherwise.
    """
    manager = type(obj)._default_manager
    if not manager.restrict(user, action).filter(pk=obj.pk).exists():
        raise OutOfScope(f"{type(obj).__name__} {obj.pk} would leave the scope of user {getattr(user, 'pk', None)}")


def restrict_form_fields(form, user, action: str = "pick") -> None:
    """Offer in every model choice field of ``form`` only the rows ``user`` may pick (NetBox's idea).

    Fields whose model declares no ``Scope`` are left alone; a value outside the choices is refused
    by the field's own validation ("Select a valid choice").
    """
    for bound in form.fields.values():
        if not isinstance(bound, forms.ModelChoiceField):
            continue
        queryset = bound.queryset
        if queryset is None or not isinstance(getattr(queryset.model, "scope", None), Scope):
            continue
        condition = scope_condition(user, queryset.model, action)
        if condition is not None:
            bound.queryset = queryset.filter(condition)
