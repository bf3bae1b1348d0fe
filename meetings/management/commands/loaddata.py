"""Django's loaddata, made safe for the fixtures the secretariat writes (docs/DATA.md).

- A reference to a record that does not exist is refused with a message that names the
  file, the record, the field, the model referred to and the key. Django defers a natural
  key it cannot find yet (it may come later in the same load) and saves the row without it:
  for a required reference, or one a constraint needs, the database answered with a bare
  "NOT NULL constraint failed"; for an optional one or a many-to-many link, with an
  exception that named neither the file nor the field.
- Each record of the work plan's own apps is validated as the admin validates it, and
  refused with the model's own message: its fields and constraints before it is saved ("an
  online event has no city or country"), the model's rules that look at other records ("two
  plans of a working group cannot be in force on the same day") once the whole load is in,
  so that records which depend on each other (a plan and the plan superseding it) may come in
  any order; and a priority's status and progress must be those of its latest entry. A
  backup is restored as it is (`--from-backup`): its records were validated when entered.
- A record that carries a `pk` may not overwrite a different record: if a row with that
  primary key exists and has another natural key, the load is refused. (A fixture names
  records by natural key only; a backup restored into an empty database still loads.)

The whole load runs in one transaction, so a refused load changes nothing.
"""

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.core.management import CommandError
from django.core.management.commands import loaddata
from django.db import DatabaseError, models
from django.utils import timezone

from meetings.loading import records_loading

# The apps whose records are validated as the admin validates them. Other apps' records (users,
# tokens, background tasks) come from backups, and are restored exactly as they were.
VALIDATED_APPS = {"meetings", "forums", "workplan"}


class Command(loaddata.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--from-backup",
            action="store_true",
            help=(
                "Load a file written by `backup` exactly as it is, without validating each "
                "record again (they were validated when entered); `restore` uses it."
            ),
        )

    def handle(self, *fixture_labels, **options):
        self.validating = not options["from_backup"]
        with records_loading():
            return super().handle(*fixture_labels, **options)

    def loaddata(self, fixture_labels):
        self.saved = []
        super().loaddata(fixture_labels)
        for obj in self.saved:
            check(obj, obj.object.clean)
        self.check_priorities_match_their_history()

    def check_priorities_match_their_history(self):
        """A priority's status and progress are those of its latest entry (by the day it
        held, then the time recorded): the admin and the API keep them so through one service,
        and a file must too, or its pages would contradict its own timeline."""
        priority_model = apps.get_model("workplan", "Priority")
        touched = {}
        for obj in self.saved:
            instance = obj.object
            if isinstance(instance, priority_model):
                touched[instance.pk] = obj
            elif instance._meta.label == "workplan.PriorityUpdate":
                touched.setdefault(instance.priority_id, obj)
        for pk, obj in touched.items():
            priority = priority_model.objects.get(pk=pk)
            # Its own entries: its action items' entries hold the items' states.
            own = priority.updates.filter(action_item__isnull=True)
            latest = own.order_by("-as_of", "-recorded_at", "-pk").first()
            if latest is None:
                continue
            theirs = (latest.new_status, latest.new_progress)
            if (priority.status, priority.progress) != theirs:
                raise CommandError(
                    f"{obj.fixture_label}: workplan.Priority {record_key(priority)!r}: its status "
                    f"and progress {(priority.status, priority.progress)!r} are not those of its "
                    f"latest entry, as of {latest.as_of.isoformat()}, {theirs!r}. Give the "
                    "priority the state of its latest entry. Nothing was loaded."
                )

    def load_label(self, fixture_label):
        self.current_label = fixture_label
        return super().load_label(fixture_label)

    def save_obj(self, obj):
        obj.fixture_label = getattr(self, "current_label", "")
        for field, key in obj.deferred_fields.items():
            if not field.null and not field.many_to_many:
                raise unknown_reference(obj, field, key)
        self.refuse_overwriting_another_record(obj)
        if self.validating and obj.object._meta.app_label in VALIDATED_APPS:
            validate(obj, exclude=[field.name for field in obj.deferred_fields])
            self.saved.append(obj)
        stamp_last_change(obj.object)
        if obj.deferred_fields:
            # Named now: after a database error the transaction takes no more queries.
            obj.record_key = record_key(obj.object)
        try:
            saved = super().save_obj(obj)
        except DatabaseError:
            # A row saved without a reference Django could not find yet broke a constraint:
            # the missing reference is the cause worth naming.
            for field, key in obj.deferred_fields.items():
                if not field.many_to_many:
                    raise unknown_reference(obj, field, key) from None
            raise
        if self.objs_with_deferred_fields and self.objs_with_deferred_fields[-1] is obj:
            self.objs_with_deferred_fields[-1] = ResolvedAtTheEnd(obj, self.validating)
        return saved

    def refuse_overwriting_another_record(self, obj):
        instance = obj.object
        model = type(instance)
        if instance.pk is None or not hasattr(instance, "natural_key"):
            return
        if not self.had_rows(model):
            return  # an empty table (a restore): there is nothing to overwrite
        existing = model._base_manager.using(self.using).filter(pk=instance.pk).first()
        if existing is None:
            return
        theirs, mine = record_key(existing), record_key(instance)
        if theirs != mine:
            raise CommandError(
                f"{obj.fixture_label}: {model._meta.label} {mine!r} carries "
                f'"pk": {instance.pk!r}, which is the existing record {theirs!r}; '
                "loading it would overwrite that record. Leave out the pk and name records "
                "by their natural keys. Nothing was loaded."
            )

    def had_rows(self, model):
        """Whether the model's table held rows before this load wrote to it."""
        seen = self.__dict__.setdefault("tables_with_rows", {})
        if model not in seen:
            seen[model] = model._base_manager.using(self.using).exists()
        return seen[model]


class ResolvedAtTheEnd:
    """An object whose references Django resolves after the whole load (they may point to
    records later in the files): a reference still unknown then is named, not a traceback."""

    def __init__(self, obj, validating):
        self.obj, self.validating = obj, validating

    def save_deferred_fields(self, using=None):
        for field, value in self.obj.deferred_fields.items():
            keys = value if field.many_to_many else [value]
            for key in keys:
                if not exists(field.related_model, key, using):
                    raise unknown_reference(self.obj, field, key)
        self.obj.save_deferred_fields(using=using)
        if self.validating:
            validate(self.obj)


def validate(obj, exclude=()):
    """The record's fields, uniqueness and constraints, as the admin checks them."""
    instance = obj.object
    if instance._meta.app_label not in VALIDATED_APPS:
        return
    if instance.pk is not None:
        # A record found by its natural key is an update: it does not clash with itself.
        instance._state.adding = not type(instance)._base_manager.filter(pk=instance.pk).exists()
    exclude = set(exclude)
    for step in (instance.clean_fields, instance.validate_unique, instance.validate_constraints):
        check(obj, step, exclude=exclude)


def check(obj, step, **kwargs):
    try:
        step(**kwargs)
    except ValidationError as error:
        problems = [
            message if field == NON_FIELD_ERRORS else f"{field}: {message}"
            for field, messages in by_field(error).items()
            for message in messages
        ]
        where = f"{obj.fixture_label}: " if getattr(obj, "fixture_label", "") else ""
        raise CommandError(
            f"{where}{obj.object._meta.label} {record_key(obj.object)!r}: "
            f"{' '.join(problems)} Nothing was loaded."
        ) from None


def by_field(error):
    return (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )


def exists(model, key, using):
    manager = model._default_manager.db_manager(using)
    if isinstance(key, list | tuple) and hasattr(manager, "get_by_natural_key"):
        try:
            manager.get_by_natural_key(*key)
        except (ObjectDoesNotExist, ValueError, TypeError):
            return False
        return True
    return manager.filter(pk=key).exists()


def record_key(instance):
    """The record's natural key as a fixture writes it, dates and times in ISO 8601."""
    try:
        key = instance.natural_key()
    except (AttributeError, ObjectDoesNotExist):
        return f"pk={instance.pk}"
    return [part.isoformat() if hasattr(part, "isoformat") else part for part in key]


def unknown_reference(obj, field, key):
    where = f"{obj.fixture_label}: " if getattr(obj, "fixture_label", "") else ""
    record = getattr(obj, "record_key", None) or record_key(obj.object)
    return CommandError(
        f"{where}{obj.object._meta.label} {record!r}, field {field.name!r}: "
        f"no {field.related_model._meta.label} has the key {key!r}. Nothing was loaded."
    )


def stamp_last_change(instance):
    """A fixture may leave out "last changed": the load is then the last change."""
    for field in instance._meta.concrete_fields:
        is_stamp = isinstance(field, models.DateTimeField) and field.auto_now
        if is_stamp and getattr(instance, field.attname) is None:
            setattr(instance, field.attname, timezone.now())
