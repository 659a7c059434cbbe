"""Model validation that does not look up again what the request has already read."""


class LoadedRelationsMixin:
    """Model mixin: ``full_clean`` does not query a foreign key whose object is already loaded.

    Django checks each foreign key by asking its table whether the id exists, even when the object was
    read a moment ago (the scoped visit, the signed-in user, the item the form's queryset returned): on a
    finding save, four queries of twenty-four (the form's check and the service's). The field's other
    checks, the model's ``clean``, its unique checks and constraints still run, and the database's own
    foreign key refuses a row whose object disappeared in between.
    """

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude=set(exclude or ()) | loaded_relations(self))


def loaded_relations(instance) -> set[str]:
    """The foreign keys of ``instance`` that hold an object already read from the database (no choice limit)."""
    names = set()
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or field.get_limit_choices_to() or not field.is_cached(instance):
            continue
        related = field.get_cached_value(instance)
        if related is not None and not related._state.adding and related.pk == getattr(instance, field.attname):
            names.add(field.name)
    return names
