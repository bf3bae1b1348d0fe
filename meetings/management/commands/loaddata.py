"""Django's loaddata, refusing a reference to a record that does not exist with a message
that names the model and the key.

Django defers a natural key it cannot find yet (it may come later in the same load) and
saves the row without it: for a required reference, or one a constraint needs, the
database answered with a bare "NOT NULL constraint failed". The whole load runs in one
transaction, so a refused file changes nothing.
"""

from django.core.management import CommandError
from django.core.management.commands import loaddata
from django.db import DatabaseError, models
from django.utils import timezone


class Command(loaddata.Command):
    def save_obj(self, obj):
        for field, key in obj.deferred_fields.items():
            if not field.null and not field.many_to_many:
                raise unknown_reference(obj, field, key)
        stamp_last_change(obj.object)
        try:
            return super().save_obj(obj)
        except DatabaseError:
            # A row saved without a reference Django could not find yet broke a constraint:
            # the missing reference is the cause worth naming.
            for field, key in obj.deferred_fields.items():
                if not field.many_to_many:
                    raise unknown_reference(obj, field, key) from None
            raise


def unknown_reference(obj, field, key):
    return CommandError(
        f"{obj.object._meta.label}: no {field.related_model._meta.label} has the key "
        f"{key!r} (field {field.name!r}). Nothing was loaded."
    )


def stamp_last_change(instance):
    """A fixture may leave out "last changed": the load is then the last change."""
    for field in instance._meta.concrete_fields:
        is_stamp = isinstance(field, models.DateTimeField) and field.auto_now
        if is_stamp and getattr(instance, field.attname) is None:
            setattr(instance, field.attname, timezone.now())
