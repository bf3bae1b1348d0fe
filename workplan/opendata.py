"""The open-data bundle: every public table as CSV in one ZIP, described by a Frictionless
Data Package (``datapackage.json``) with each file's fields, row count, size and hash.

Each table names its columns, like the API's serializers: a column added to a model is not
published until it is added here. A few columns are computed in the table's one query
(a plan's years and its state today, whether an event was held online only). The officials'
names and contacts (``Participant``) and the officer who recorded an update
(``PriorityUpdate.author``) are never published.

Sources are a table of their own; which record cites which source is in the citation tables
(``meeting_sources``, ``forum_sources``, ``work_plan_sources``, ``priority_update_sources``).
"""

import contextlib
import datetime
import fcntl
import hashlib
import io
import itertools
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    ExpressionWrapper,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.text import capfirst

from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Member, Organisation, Process, Source, WorkingGroup
from restapi import csvfiles
from sync import versions
from workplan.models import ActionItem, PlanState, Priority, PriorityUpdate, WorkPlan

PACKAGE_NAME = "bali-process-tip-work-plan-tracker"
FIELD_TYPES = {
    models.BooleanField: "boolean",
    models.DateTimeField: "datetime",
    models.DateField: "date",
    models.IntegerField: "integer",
    models.ForeignKey: "integer",
    models.FileField: "string",
    models.CharField: "string",
    models.TextField: "string",
}
TIMESTAMPS = ("created_at", "updated_at")
ROWS_PER_FETCH = 2000
# Measured on 312 MiB of CSV (100,000 priorities): level 6, zlib's default, takes 9.1 s of
# processor time for 38.8 MiB; level 3 takes 3.3 s for 45.9 MiB; level 1, 2.2 s for 52.2 MiB.
COMPRESSION_LEVEL = 3
# Seconds a client is asked to wait while the first bundle of a database is built.
RETRY_WHILE_BUILDING = 30
EVENT = (
    "title",
    "slug",
    "kind",
    "kind_as_stated",
    "start_date",
    "end_date",
    "attendance_mode",
    "is_online",
    "city",
    "country",
    "participants_total",
    "countries",
    "organisations",
    "countries_and_organisations",
    "participation_as_stated",
)


@dataclass(frozen=True)
class Computed:
    """A column computed in the table's query rather than stored."""

    name: str
    title: str
    type: str
    description: str
    expression: object
    enum: tuple = ()
    references: str = ""

    attname = property(lambda self: self.name)


def is_online():
    return Computed(
        "is_online",
        "Online only",
        "boolean",
        "Whether the event was held online only (attendance_mode is online).",
        ExpressionWrapper(Q(attendance_mode="online"), output_field=models.BooleanField()),
    )


def plan_state():
    today = timezone.localdate()
    return Computed(
        "state",
        "State",
        "string",
        "The plan's state on the day the bundle was made.",
        Case(
            When(superseded_by__start_date__lte=today, then=Value(PlanState.SUPERSEDED)),
            When(start_date__gt=today, then=Value(PlanState.UPCOMING)),
            When(end_date__lt=today, then=Value(PlanState.ENDED)),
            default=Value(PlanState.IN_FORCE),
            output_field=models.CharField(),
        ),
        enum=tuple(PlanState.values),
    )


def first_presenting_organisation():
    through = Presentation.organisations.through
    first = through.objects.filter(presentation=OuterRef("pk")).order_by(
        "organisation__name", "organisation"
    )
    return Computed(
        "organisation_id",
        "Presenting organisation",
        "integer",
        "The first presenting organisation, by name, or empty: every presenter is in "
        "presentation_organisations and presentation_members.",
        Subquery(first.values("organisation")[:1]),
        references="organisations",
    )


class InUTC(Func):
    """A time as text in UTC, as Python's ``isoformat()`` writes it: microseconds only when
    there are some. Made by the database, which is many times faster at it than Python."""

    template = (
        "TO_CHAR(%(expressions)s AT TIME ZONE 'UTC', CASE WHEN DATE_TRUNC('second', "
        '%(expressions)s) = %(expressions)s THEN \'YYYY-MM-DD"T"HH24:MI:SS"+00:00"\' '
        'ELSE \'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"\' END)'
    )
    output_field = models.CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django keeps a time in SQLite as text in UTC: "2016-05-19 05:00:00[.123456]".
        return self.as_sql(
            compiler, connection, template="REPLACE(%(expressions)s, ' ', 'T') || '+00:00'"
        )


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    title: str = ""
    computed: tuple = ()

    def model_fields(self):
        """The columns: the model's fields, and the computed ones (made on each call: a
        computed column may depend on the day)."""
        computed = {column.name: column for column in (make() for make in self.computed)}
        return [
            computed[name] if name in computed else self.model._meta.get_field(name)
            for name in self.fields
        ]

    def rows(self):
        """The columns, and their values in rows: as they are, except times, which are
        read as text (`InUTC`)."""
        columns = self.model_fields()
        annotations = {
            column.name: column.expression for column in columns if isinstance(column, Computed)
        }
        names = []
        for column in columns:
            if isinstance(column, models.DateTimeField):
                annotations[f"{column.attname}_in_utc"] = InUTC(column.attname)
                names.append(f"{column.attname}_in_utc")
            else:
                names.append(column.attname)
        queryset = self.model.objects.annotate(**annotations).order_by("pk")
        return columns, queryset.values_list(*names)


def m2m_table(name, model, relation):
    through = model._meta.get_field(relation).remote_field.through
    columns = tuple(field.name for field in through._meta.concrete_fields)
    title = f"{capfirst(model._meta.verbose_name)} {model._meta.get_field(relation).verbose_name}"
    return Table(name, through, columns, title=title)


def event_tables(prefix, model):
    """An event's people and sources: co-chairs and co-hosts of both kinds, and citations."""
    return (
        m2m_table(f"{prefix}_co_chairs", model, "co_chairs"),
        m2m_table(f"{prefix}_co_chair_members", model, "co_chair_members"),
        m2m_table(f"{prefix}_co_hosts", model, "co_hosts"),
        m2m_table(f"{prefix}_co_host_members", model, "co_host_members"),
        m2m_table(f"{prefix}_sources", model, "sources"),
    )


TABLES = (
    Table(
        "sources",
        Source,
        ("id", "title", "slug", "url", "publisher", "accessed", *TIMESTAMPS),
    ),
    Table(
        "processes",
        Process,
        (
            "id",
            "name",
            "short_name",
            "slug",
            "established_year",
            "description",
            "member_states_reported",
            "member_organisations_reported",
            "observer_states_reported",
            "observer_organisations_reported",
            *TIMESTAMPS,
        ),
    ),
    Table("members", Member, ("id", "name", "abbreviation", "slug", "kind", *TIMESTAMPS)),
    m2m_table("process_co_chairs", Process, "co_chairs"),
    Table(
        "organisations",
        Organisation,
        ("id", "name", "abbreviation", "slug", "kind", "member", "description", *TIMESTAMPS),
    ),
    Table(
        "working_groups",
        WorkingGroup,
        (
            "id",
            "process",
            "name",
            "short_name",
            "slug",
            "first_met_on",
            "description",
            *TIMESTAMPS,
        ),
    ),
    m2m_table("working_group_co_chairs", WorkingGroup, "co_chairs"),
    Table(
        "meetings",
        Meeting,
        ("id", "working_group", *EVENT, "summary", "image", *TIMESTAMPS),
        computed=(is_online,),
    ),
    *event_tables("meeting", Meeting),
    Table(
        "forums",
        Forum,
        ("id", "working_group", "meeting", *EVENT, "focus", *TIMESTAMPS),
        computed=(is_online,),
    ),
    *event_tables("forum", Forum),
    Table(
        "participants",
        Participant,
        ("id", "forum", "meeting", "organisation", "member", "role", "headcount", *TIMESTAMPS),
    ),
    Table(
        "presentations",
        Presentation,
        (
            "id",
            "forum",
            "meeting",
            "organisation_id",
            "presenter_role",
            "kind",
            "title",
            "order",
            "summary",
            "slides",
            *TIMESTAMPS,
        ),
        computed=(first_presenting_organisation,),
    ),
    m2m_table("presentation_organisations", Presentation, "organisations"),
    m2m_table("presentation_members", Presentation, "members"),
    Table(
        "work_plans",
        WorkPlan,
        (
            "id",
            "working_group",
            "title",
            "slug",
            "start_date",
            "end_date",
            "start_year",
            "end_year",
            "state",
            "adopted_at",
            "superseded_by",
            "summary",
            *TIMESTAMPS,
        ),
        computed=(
            lambda: Computed("start_year", "Start year", "integer", "", ExtractYear("start_date")),
            lambda: Computed("end_year", "End year", "integer", "", ExtractYear("end_date")),
            plan_state,
        ),
    ),
    m2m_table("work_plan_reviewed_at", WorkPlan, "reviewed_at"),
    m2m_table("work_plan_sources", WorkPlan, "sources"),
    Table(
        "priorities",
        Priority,
        (
            "id",
            "workplan",
            "order",
            "title",
            "slug",
            "description",
            "status",
            "progress",
            "lead_organisation",
            "lead_member",
            "target_date",
            "continues",
            *TIMESTAMPS,
        ),
    ),
    m2m_table("priority_related_forums", Priority, "related_forums"),
    m2m_table("priority_related_working_groups", Priority, "related_working_groups"),
    Table(
        "action_items",
        ActionItem,
        ("id", "priority", "order", "title", "status", "progress", "target_date", *TIMESTAMPS),
    ),
    m2m_table("action_item_lead_members", ActionItem, "lead_members"),
    m2m_table("action_item_lead_organisations", ActionItem, "lead_organisations"),
    Table(
        "priority_updates",
        PriorityUpdate,
        (
            "id",
            "priority",
            "action_item",
            "old_status",
            "new_status",
            "old_progress",
            "new_progress",
            "note",
            "as_of",
            "meeting",
            "recorded_at",
            "updated_at",
        ),
    ),
    m2m_table("priority_update_sources", PriorityUpdate, "sources"),
)
RESOURCE_NAMES = {table.model: table.name for table in TABLES}


def field_type(field):
    for field_class in type(field).__mro__:
        if field_class in FIELD_TYPES:
            return FIELD_TYPES[field_class]
    raise ValueError(f"No Table Schema type for {field!r}")


def field_descriptor(field):
    if isinstance(field, Computed):
        return computed_descriptor(field)
    descriptor = {
        "name": field.attname,
        "title": capfirst(str(field.verbose_name)),
        "type": field_type(field),
    }
    if field.help_text:
        descriptor["description"] = str(field.help_text)
    if isinstance(field, models.FileField):
        descriptor["format"] = "uri"
    constraints = {}
    # An empty text is read back as missing, so only a column that can never be empty is
    # declared required.
    if field.primary_key or not (field.null or field.blank):
        constraints["required"] = True
    if field.primary_key or (field.unique and not field.blank):
        constraints["unique"] = True
    if field.choices:
        constraints["enum"] = [value for value, _label in field.flatchoices if value != ""]
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def computed_descriptor(column):
    descriptor = {"name": column.name, "title": column.title, "type": column.type}
    if column.description:
        descriptor["description"] = column.description
    if column.enum:
        descriptor["constraints"] = {"enum": list(column.enum)}
    return descriptor


def referenced(field):
    """The resource a column refers to, if any."""
    if isinstance(field, Computed):
        return field.references
    return RESOURCE_NAMES[field.related_model] if field.many_to_one else ""


def schema(table):
    fields = table.model_fields()
    foreign_keys = [
        {"fields": field.attname, "reference": {"resource": referenced(field), "fields": "id"}}
        for field in fields
        if referenced(field)
    ]
    descriptor = {"fields": [field_descriptor(field) for field in fields], "primaryKey": "id"}
    if foreign_keys:
        descriptor["foreignKeys"] = foreign_keys
    return descriptor


def cell_formats(fields, request):
    """(position, format) for each column the CSV writer would not write as the schema
    states: booleans (in lower case) and files (as absolute URLs). The writer writes a
    missing value as empty, and text, numbers and dates (ISO 8601) as they are; times are
    read as text (`Table.rows`)."""
    formats = []
    for position, field in enumerate(fields):
        if isinstance(field, Computed):
            kind = field.type
        elif isinstance(field, models.FileField):
            kind = "uri"
        else:
            kind = field_type(field)
        if kind == "boolean":
            formats.append((position, lambda value: "true" if value else "false"))
        elif kind == "uri":
            formats.append((position, file_url(field, request)))
    return formats


def file_url(field, request):
    return lambda value: request.build_absolute_uri(field.storage.url(value)) if value else ""


class Measured(io.RawIOBase):
    """A binary file that counts and hashes what is written through it, so that a file's
    size and hash are known once it is written, without reading it back."""

    def __init__(self, file):
        self.file = file
        self.bytes = 0
        self.hash = hashlib.sha256()

    def writable(self):
        return True

    def write(self, data):
        self.hash.update(data)
        self.bytes += len(data)
        return self.file.write(data)


def write_table(table, file, request):
    """Writes the table's CSV (plain UTF-8, as Frictionless reads it) into a binary file as
    its rows are read, a chunk at a time; returns the file's description."""
    fields, rows = table.rows()
    formats = cell_formats(fields, request)
    measured = Measured(file)
    text = io.TextIOWrapper(measured, encoding="utf-8", newline="")
    writer = csvfiles.writer(text, lineterminator="\n")
    writer.writerow(field.attname for field in fields)
    rows = rows.iterator(chunk_size=ROWS_PER_FETCH)
    count = 0
    while chunk := list(itertools.islice(rows, ROWS_PER_FETCH)):
        if formats:
            chunk = [formatted(row, formats) for row in chunk]
        writer.writerows(chunk)
        count += len(chunk)
    text.flush()
    text.detach()
    return resource_descriptor(table, measured.bytes, measured.hash.hexdigest(), count)


def formatted(row, formats):
    row = list(row)
    for position, format_value in formats:
        if row[position] is not None:
            row[position] = format_value(row[position])
    return row


def resource_descriptor(table, size, sha256, rows):
    meta = table.model._meta
    return {
        "name": table.name,
        "title": table.title or capfirst(str(meta.verbose_name_plural)),
        "path": f"{table.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": size,
        "hash": f"sha256:{sha256}",
        "rows": rows,
        "schema": schema(table),
    }


def write_bundle(request, file):
    """Writes the ZIP into a binary file, one CSV per table and ``datapackage.json``
    describing them. Each CSV goes into the ZIP as its rows are read: neither a table nor the
    ZIP is ever held in memory whole."""
    now = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    resources = []
    with zipfile.ZipFile(
        file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL
    ) as bundle:
        for table in TABLES:
            with bundle.open(f"{table.name}.csv", "w") as entry:
                resources.append(write_table(table, entry, request))
        package = {
            "name": PACKAGE_NAME,
            "title": (
                "Work Plan Tracker: the Bali Process Working Group on Trafficking in Persons' "
                "work plans, meetings and forums"
            ),
            "description": (
                "Every public table of the Work Plan Tracker. The names and contacts of "
                "individual officials are not included."
            ),
            "homepage": request.build_absolute_uri("/"),
            "created": now.isoformat().replace("+00:00", "Z"),
            "resources": resources,
        }
        bundle.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))


def build_bundle(request):
    """Writes the bundle under a temporary name in the bundles' directory; returns its
    path. Called with the build lock held, so any other part-written file was left by a
    build whose worker was killed (a request timeout), and goes. A build that fails leaves
    no file behind."""
    directory = Path(settings.OPEN_DATA_DIR)
    for abandoned in directory.glob(".building-*"):
        abandoned.unlink(missing_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, prefix=".building-", delete=False) as file:
        try:
            write_bundle(request, file)
        except BaseException:
            Path(file.name).unlink(missing_ok=True)
            raise
    return Path(file.name)


@contextlib.contextmanager
def build_lock(directory):
    """Yields whether this process may build the bundle: one build at a time for the
    directory, so that several requests after a write do not each take a worker for the
    whole build. The lock is the operating system's: a worker killed mid-build frees it."""
    with (directory / ".build.lock").open("a") as lock:  # closing it releases the lock
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            acquired = False
        else:
            acquired = True
        yield acquired


@dataclass
class Bundle:
    file: io.BufferedReader
    name: str
    changed_at: datetime.datetime

    @classmethod
    def open(cls, path):
        """The bundle at `path`, opened."""
        return cls(path.open("rb"), path.name, data_changed_at(path))


def data_changed_at(path):
    """When the data of the bundle at `path` last changed, as its name says."""
    return datetime.datetime.fromtimestamp(float(path.stem.rsplit("-", 1)[1]), datetime.UTC)


def bundle_key():
    """(the file's name for the current data, when the data last changed). The version's
    time is part of the name: a database restored or re-created counts from 1 again."""
    version, changed_at = versions.current()
    return f"open-data-{version}-{changed_at.timestamp():.6f}.zip", changed_at


def open_bundle(request):
    """The bundle for the current data: built by the first request after a write, then
    served as it is. Written under a temporary name and renamed, so a worker never reads a
    half-written file; bundles of earlier versions are then removed (a worker still sending
    one keeps its open file). While another worker builds it, the bundle of the data before
    the write is served, with its own validators; None when there is none yet."""
    name, _ = bundle_key()
    directory = Path(settings.OPEN_DATA_DIR)
    path = directory / name
    with contextlib.suppress(FileNotFoundError):
        return Bundle.open(path)
    directory.mkdir(parents=True, exist_ok=True)
    with build_lock(directory) as building_here:
        if not building_here:
            return earlier_bundle(directory)
        if not path.exists():  # or it was built since the first look
            os.replace(build_bundle(request), path)
        bundle = Bundle.open(path)
    for old in directory.glob("open-data-*.zip"):
        if old != path:
            old.unlink(missing_ok=True)
    return bundle


def earlier_bundle(directory):
    """The latest bundle of earlier data, opened; None if there is none."""
    for path in sorted(directory.glob("open-data-*.zip"), key=data_changed_at, reverse=True):
        with contextlib.suppress(FileNotFoundError):
            return Bundle.open(path)
    return None


def open_data_bundle(request):
    """The bundle, streamed from its file, with validators: a `304` when it has not
    changed."""
    name, changed_at = bundle_key()
    etag = f'"{name.removesuffix(".zip")}"'
    response = get_conditional_response(
        request, etag=etag, last_modified=int(changed_at.timestamp())
    )
    if response is not None:
        return response
    bundle = open_bundle(request)
    if bundle is None:
        response = HttpResponse(
            "The open-data bundle is being built for the latest changes; try again in a minute.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_WHILE_BUILDING)
        return response
    built_on = datetime.datetime.fromtimestamp(
        os.fstat(bundle.file.fileno()).st_mtime, datetime.UTC
    )
    response = FileResponse(
        bundle.file,
        content_type="application/zip",
        as_attachment=True,
        filename=f"{PACKAGE_NAME}-{timezone.localtime(built_on):%Y-%m-%d}.zip",
    )
    response["ETag"] = f'"{bundle.name.removesuffix(".zip")}"'
    response["Last-Modified"] = http_date(bundle.changed_at.timestamp())
    return response
