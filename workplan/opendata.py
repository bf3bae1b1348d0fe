"""The open-data bundle: every public table as CSV in one ZIP, described by a Frictionless
Data Package (``datapackage.json``) with each file's fields, row count, size and hash.

Each table names its columns, like the API's serializers: a column added to a model is not
published until it is added here. The officials' names and contacts (``Participant``) and the
officer who recorded an update (``PriorityUpdate.author``) are never published.
"""

import datetime
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst

from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Member, Organisation, Process, WorkingGroup
from restapi import csvfiles
from workplan.models import Priority, PriorityUpdate, WorkPlan

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
EVENT = ("title", "slug", "start_date", "end_date", "is_online", "city", "country")


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    title: str = ""

    def model_fields(self):
        return [self.model._meta.get_field(name) for name in self.fields]


def m2m_table(name, model, relation):
    through = model._meta.get_field(relation).remote_field.through
    columns = tuple(field.name for field in through._meta.concrete_fields)
    title = f"{capfirst(model._meta.verbose_name)} {model._meta.get_field(relation).verbose_name}"
    return Table(name, through, columns, title=title)


TABLES = (
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
    ),
    m2m_table("meeting_co_chairs", Meeting, "co_chairs"),
    Table(
        "forums",
        Forum,
        (
            "id",
            "kind",
            "working_group",
            "meeting",
            *EVENT,
            "focus",
            "participants_total",
            "member_countries",
            "international_organisations",
            "countries_and_organisations",
            *TIMESTAMPS,
        ),
    ),
    m2m_table("forum_co_hosts", Forum, "co_hosts"),
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
            "organisation",
            "kind",
            "title",
            "order",
            "summary",
            "slides",
            *TIMESTAMPS,
        ),
    ),
    Table(
        "work_plans",
        WorkPlan,
        (
            "id",
            "working_group",
            "title",
            "slug",
            "start_year",
            "end_year",
            "adopted_at",
            "summary",
            *TIMESTAMPS,
        ),
    ),
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
            *TIMESTAMPS,
        ),
    ),
    m2m_table("priority_related_forums", Priority, "related_forums"),
    m2m_table("priority_related_working_groups", Priority, "related_working_groups"),
    Table(
        "priority_updates",
        PriorityUpdate,
        (
            "id",
            "priority",
            "old_status",
            "new_status",
            "old_progress",
            "new_progress",
            "note",
            "recorded_at",
            "updated_at",
        ),
    ),
)
RESOURCE_NAMES = {table.model: table.name for table in TABLES}


def field_type(field):
    for field_class in type(field).__mro__:
        if field_class in FIELD_TYPES:
            return FIELD_TYPES[field_class]
    raise ValueError(f"No Table Schema type for {field!r}")


def field_descriptor(field):
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


def schema(table):
    fields = table.model_fields()
    foreign_keys = [
        {
            "fields": field.attname,
            "reference": {"resource": RESOURCE_NAMES[field.related_model], "fields": "id"},
        }
        for field in fields
        if field.many_to_one
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
    fields = table.model_fields()
    rows = table.model.objects.order_by("pk").values_list(*(field.attname for field in fields))
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


def open_data_bundle(request):
    content, generated_at = build_bundle(request)
    response = HttpResponse(content, content_type="application/zip")
    filename = f"{PACKAGE_NAME}-{generated_at:%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
