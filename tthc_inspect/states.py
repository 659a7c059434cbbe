"""Status fields that only a transition can change: django-fsm-2's protected FSMField, not editable.

Every model with a workflow (plan, visit, remediation action, extension, document version, render
job) keeps its status in a ``StateField``:

- it is not editable, so no ModelForm, admin form or serializer can carry it: naming it in a form's
  ``fields`` is an error when the form class is made, ``fields="__all__"`` leaves it out, and the
  admin can only show it among ``readonly_fields``;
- assigning it on a row already loaded raises ``AttributeError``: only the model's ``@transition``
  methods move it (django-fsm-2 checks the source state), and only the services call them, after
  checking who may and when (findings/services.py, inspections/services.py, …);
- a row can still be created in a given state (``Model(status=…)``, ``objects.create``, fixtures,
  ``bulk_create``, the demo loader): that is the row's first value, not a change;
- ``QuerySet.update(status=…)`` is SQL and is not affected: the render jobs' compare-and-set claims
  (``UPDATE … WHERE status = …`` in reports/services.py) are the services of that model.

``refresh_from_db`` must reload the state too, and ``full_clean`` must check it without assigning
it back: ``StateMachineMixin`` does both for the instance concerned. (django-fsm-2's own
``FSMModelMixin`` switches the protection off on the field, which every instance and thread shares,
and leaves it off if the reload raises.) Historical models (simple-history) keep a plain text
column: a record is written once and never transitions.
"""

from django.core.exceptions import ValidationError
from django_fsm import FSMField, FSMFieldDescriptor, TransitionNotAllowed, can_proceed, transition

__all__ = [
    "StateField",
    "StateMachineMixin",
    "TransitionNotAllowed",
    "can_proceed",
    "locked_in_state",
    "state_step",
    "transition",
]


class _StateDescriptor(FSMFieldDescriptor):
    def __set__(self, instance, value):
        if getattr(instance._state, "reloading", False):
            self.field.set_state(instance, value)
            return
        super().__set__(instance, value)


class StateField(FSMField):
    """A protected, non-editable FSMField (see the module docstring)."""

    descriptor_class = _StateDescriptor

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("protected", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


class StateMachineMixin:
    """For models with a ``StateField``: ``refresh_from_db`` reloads the state of this instance;
    a template never runs a transition (they are marked ``alters_data``, as Django's ``save``)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for value in vars(cls).values():
            if hasattr(value, "_django_fsm"):
                value.alters_data = True

    def clean_fields(self, exclude=None):
        """Django's clean_fields assigns each cleaned value back; a state is checked without being assigned."""
        exclude = set(exclude or ())
        states = [f for f in self._meta.concrete_fields if isinstance(f, StateField) and f.name not in exclude]
        errors = {}
        try:
            super().clean_fields(exclude=exclude | {f.name for f in states})
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in states:  # Django skips the validation of a non-editable field: its choices are checked here
            value = getattr(self, field.attname)
            if value not in {choice for choice, _label in field.flatchoices}:
                message = field.error_messages["invalid_choice"] % {"value": value}
                errors[field.name] = [ValidationError(message, code="invalid_choice")]
        if errors:
            raise ValidationError(errors)

    def refresh_from_db(self, *args, **kwargs):
        self._state.reloading = True
        try:
            super().refresh_from_db(*args, **kwargs)
        finally:
            self._state.reloading = False


def locked_in_state(row, state: str, refusal: str, error: type[Exception] = ValidationError):
    """The row read again under a lock (SELECT … FOR UPDATE), refused with ``error(refusal)`` unless its
    status is ``state``: how every service of a workflow step begins."""
    locked = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if locked.status != state:
        raise error(refusal)
    return locked


def state_step(field, source, target, name: str):
    """A transition that only moves the state (its service made every check first):
    ``issue = state_step(status, Status.DRAFT, Status.ISSUED, "issue")``."""

    def step(self):
        pass

    step.__name__ = step.__qualname__ = name
    return transition(field=field, source=source, target=target)(step)
