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

import datetime
import hashlib
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Case, ExpressionWrapper, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractYear
from django.http import FileResponse
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
        columns = self.model_fields()
        annotations = {
            column.name: column.expression for column in columns if isinstance(column, Computed)
        }
        queryset = self.model.objects.annotate(**annotations).order_by("pk")
        return columns, queryset.values_list(*(column.attname for column in columns))


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


def cell(field, value, request):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(field, models.FileField):
        return request.build_absolute_uri(field.storage.url(value))
    return value


def table_csv(table, request):
    """The table's CSV (plain UTF-8, as Frictionless reads it) and its number of rows."""
    fields, rows = table.rows()
    buffer = io.StringIO()
    writer = csvfiles.writer(buffer, lineterminator="\n")
    writer.writerow(field.attname for field in fields)
    count = 0
    for row in rows:
        writer.writerow(
            cell(field, value, request) for field, value in zip(fields, row, strict=True)
        )
        count += 1
    return buffer.getvalue().encode(), count


def resource_descriptor(table, content, rows):
    meta = table.model._meta
    return {
        "name": table.name,
        "title": table.title or capfirst(str(meta.verbose_name_plural)),
        "path": f"{table.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": f"sha256:{hashlib.sha256(content).hexdigest()}",
        "rows": rows,
        "schema": schema(table),
    }


def build_bundle(request):
    """The ZIP's bytes: one CSV per table and ``datapackage.json`` describing them."""
    now = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    buffer = io.BytesIO()
    resources = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for table in TABLES:
            content, rows = table_csv(table, request)
            bundle.writestr(f"{table.name}.csv", content)
            resources.append(resource_descriptor(table, content, rows))
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
    return buffer.getvalue(), now


def bundle_key():
    """(the file's name for the current data, when the data last changed). The version's
    time is part of the name: a database restored or re-created counts from 1 again."""
    version, changed_at = versions.current()
    return f"open-data-{version}-{changed_at.timestamp():.6f}.zip", changed_at


def open_bundle(request):
    """The bundle's file for the current data, open for reading: built by the first request
    after a write, then served as it is. Written under a temporary name and renamed, so a
    worker never reads a half-written file and two workers building at once each rename a
    whole one. Bundles of earlier versions are removed (a worker still sending one keeps
    its open file)."""
    name, _ = bundle_key()
    directory = Path(settings.OPEN_DATA_DIR)
    path = directory / name
    try:
        return path.open("rb")
    except FileNotFoundError:
        pass
    content, _ = build_bundle(request)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, prefix=".building-", delete=False) as file:
        file.write(content)
    os.replace(file.name, path)
    bundle = path.open("rb")
    for old in directory.glob("open-data-*.zip"):
        if old != path:
            old.unlink(missing_ok=True)
    return bundle


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
    built_on = datetime.datetime.fromtimestamp(os.fstat(bundle.fileno()).st_mtime, datetime.UTC)
    response = FileResponse(
        bundle,
        content_type="application/zip",
        as_attachment=True,
        filename=f"{PACKAGE_NAME}-{timezone.localtime(built_on):%Y-%m-%d}.zip",
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    return response
