"""The open-data bundle: a ZIP of CSV files checked against its own datapackage.json."""

import csv
import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import require_tool
from tests.factories import (
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    SourceFactory,
    UserFactory,
)
from tests.seed_data import load_seed

pytestmark = pytest.mark.django_db

BUNDLE = reverse("exports:open-data")
RESOURCES = [
    "sources",
    "processes",
    "members",
    "process_co_chairs",
    "organisations",
    "working_groups",
    "working_group_co_chairs",
    "meetings",
    "meeting_co_chairs",
    "meeting_co_chair_members",
    "meeting_co_hosts",
    "meeting_co_host_members",
    "meeting_sources",
    "forums",
    "forum_co_chairs",
    "forum_co_chair_members",
    "forum_co_hosts",
    "forum_co_host_members",
    "forum_sources",
    "participants",
    "presentations",
    "presentation_organisations",
    "presentation_members",
    "work_plans",
    "work_plan_reviewed_at",
    "work_plan_sources",
    "priorities",
    "priority_related_forums",
    "priority_related_working_groups",
    "action_items",
    "action_item_lead_members",
    "action_item_lead_organisations",
    "priority_updates",
    "priority_update_sources",
]


def download(client):
    response = client.get(BUNDLE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="bali-process-tip-work-plan-tracker-'
    )
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def read_bundle(bundle):
    """{resource name: rows as dicts}, after checking each file against its description."""
    package = json.loads(bundle.read("datapackage.json"))
    assert sorted(bundle.namelist()) == sorted(
        ["datapackage.json", *(resource["path"] for resource in package["resources"])]
    )
    tables = {}
    for resource in package["resources"]:
        content = bundle.read(resource["path"])
        assert resource["bytes"] == len(content)
        assert resource["hash"] == f"sha256:{hashlib.sha256(content).hexdigest()}"
        reader = csv.DictReader(io.StringIO(content.decode("utf-8")))
        rows = list(reader)
        assert reader.fieldnames == [field["name"] for field in resource["schema"]["fields"]]
        assert resource["rows"] == len(rows)
        tables[resource["name"]] = rows
    return package, tables


def test_it_bundles_every_public_table_of_the_seed(client):
    load_seed()
    before = timezone.now().replace(microsecond=0)

    package, tables = read_bundle(download(client))

    created = datetime.datetime.fromisoformat(package["created"])
    assert before <= created <= timezone.now()
    assert [resource["name"] for resource in package["resources"]] == RESOURCES
    assert {name: len(rows) for name, rows in tables.items()} == {
        "sources": 1,
        "processes": 1,
        "members": 9,
        "process_co_chairs": 2,
        "organisations": 8,
        "working_groups": 2,
        "working_group_co_chairs": 2,
        "meetings": 1,
        "meeting_co_chairs": 0,
        "meeting_co_chair_members": 0,
        "meeting_co_hosts": 0,
        "meeting_co_host_members": 0,
        "meeting_sources": 1,
        "forums": 1,
        "forum_co_chairs": 0,
        "forum_co_chair_members": 0,
        "forum_co_hosts": 2,
        "forum_co_host_members": 0,
        "forum_sources": 1,
        "participants": 7,
        "presentations": 5,
        "presentation_organisations": 5,
        "presentation_members": 0,
        "work_plans": 1,
        "work_plan_reviewed_at": 0,
        "work_plan_sources": 1,
        "priorities": 7,
        "priority_related_forums": 1,
        "priority_related_working_groups": 1,
        "action_items": 0,
        "action_item_lead_members": 0,
        "action_item_lead_organisations": 0,
        "priority_updates": 7,
        "priority_update_sources": 7,
    }
    [meeting] = tables["meetings"]
    assert {
        key: meeting[key]
        for key in ("slug", "kind_as_stated", "start_date", "end_date", "attendance_mode")
    } | {"is_online": meeting["is_online"], "created_at": meeting["created_at"]} == {
        "slug": "second-annual-meeting-2016",
        "kind_as_stated": "Annual Meeting",
        "start_date": "2016-05-16",
        "end_date": "2016-05-19",
        "attendance_mode": "in_person",
        "is_online": "false",
        "created_at": "2016-05-19T05:00:00+00:00",
    }
    [forum] = tables["forums"]
    assert [
        forum[key]
        for key in (
            "participants_total",
            "countries",
            "organisations",
            "countries_and_organisations",
        )
    ] == ["88", "30", "5", ""]
    assert forum["participation_as_stated"].startswith("88 participants attended")
    [plan] = tables["work_plans"]
    assert [plan[key] for key in ("start_date", "end_date", "start_year", "end_year", "state")] == [
        "2016-01-01",
        "2017-12-31",
        "2016",
        "2017",
        "ended",
    ]
    [source] = tables["sources"]
    assert [row["source_id"] for row in tables["meeting_sources"]] == [source["id"]]
    assert [row["status"] for row in tables["priorities"]] == ["not_started"] * 7


def test_it_describes_fields_keys_and_relations(client):
    load_seed()

    package, _tables = read_bundle(download(client))

    forums = next(resource for resource in package["resources"] if resource["name"] == "forums")
    fields = {field["name"]: field for field in forums["schema"]["fields"]}
    assert fields["start_date"] == {
        "name": "start_date",
        "title": "Start date",
        "type": "date",
        "constraints": {"required": True},
    }
    assert fields["kind"]["constraints"] == {
        "required": True,
        "enum": [
            "meeting",
            "forum",
            "workshop",
            "symposium",
            "roundtable",
            "webinar",
            "consultation",
            "training",
            "other",
        ],
    }
    assert fields["attendance_mode"]["constraints"] == {
        "required": True,
        "enum": ["in_person", "online", "hybrid", "unknown"],
    }
    assert fields["is_online"] == {
        "name": "is_online",
        "title": "Online only",
        "type": "boolean",
        "description": "Whether the event was held online only (attendance_mode is online).",
    }
    assert fields["participants_total"]["type"] == "integer"
    assert forums["schema"]["primaryKey"] == "id"
    assert forums["schema"]["foreignKeys"] == [
        {"fields": "working_group_id", "reference": {"resource": "working_groups", "fields": "id"}},
        {"fields": "meeting_id", "reference": {"resource": "meetings", "fields": "id"}},
    ]


def test_it_validates_as_a_frictionless_data_package(client, tmp_path):
    try:
        import frictionless
    except ImportError:
        frictionless = None
    require_tool(frictionless, "The frictionless package (requirements-dev.txt)")
    load_seed()
    download(client).extractall(tmp_path)

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert report.flatten(["type", "note"]) == []
    assert report.valid


def test_it_never_publishes_officials_or_officers(client):
    ParticipantFactory(
        individual_names="Wilhelmina Quorn", individual_contacts="w.quorn@example.org"
    )
    PriorityUpdateFactory(author=UserFactory(username="zqofficer", first_name="Quentavius"))

    bundle = download(client)
    _package, tables = read_bundle(bundle)

    everything = b"".join(bundle.read(name) for name in bundle.namelist())
    assert b"Quorn" not in everything
    assert b"w.quorn" not in everything
    assert b"zqofficer" not in everything
    assert b"Quentavius" not in everything
    assert list(tables["participants"][0]) == [
        "id",
        "forum_id",
        "meeting_id",
        "organisation_id",
        "member_id",
        "role",
        "headcount",
        "created_at",
        "updated_at",
    ]
    assert "author_id" not in tables["priority_updates"][0]


@pytest.mark.parametrize("count", [1, 4])
def test_it_builds_the_bundle_in_constant_queries(client, django_assert_num_queries, count):
    PresentationFactory.create_batch(count)
    PriorityUpdateFactory.create_batch(count)

    # The data version (response cache), then one query per table.
    with django_assert_num_queries(1 + len(RESOURCES)):
        _package, tables = read_bundle(download(client))

    assert len(tables["presentations"]) == len(tables["priority_updates"]) == count


def test_it_publishes_presenters_citations_and_unknown_progress_as_empty(client):
    australia = MemberFactory(name="Australia")
    agencies = [OrganisationFactory(name="B Agency"), OrganisationFactory(name="A Agency")]
    joint = PresentationFactory(organisations=agencies, members=[australia])
    by_role = PresentationFactory(organisation=None, presenter_role="Working Group Co-Chairs")
    meeting = MeetingFactory()
    priority = PriorityFactory(progress=None)
    update = PriorityUpdateFactory(
        priority=priority,
        new_progress=None,
        as_of=datetime.date(2017, 6, 1),
        meeting=meeting,
        note="Progress reported in prose.",
    )
    source = SourceFactory(title="Example Report", accessed=datetime.date(2026, 11, 30))
    update.sources.add(source)

    _package, tables = read_bundle(download(client))

    assert [
        (row["id"], row["organisation_id"], row["presenter_role"])
        for row in tables["presentations"]
    ] == [
        (str(joint.pk), str(agencies[1].pk), ""),
        (str(by_role.pk), "", "Working Group Co-Chairs"),
    ]
    assert sorted(row["organisation_id"] for row in tables["presentation_organisations"]) == sorted(
        str(agency.pk) for agency in agencies
    )
    assert [row["member_id"] for row in tables["presentation_members"]] == [str(australia.pk)]
    assert [row["progress"] for row in tables["priorities"]] == [""]
    assert [
        (row["new_progress"], row["as_of"], row["meeting_id"]) for row in tables["priority_updates"]
    ] == [("", "2017-06-01", str(meeting.pk))]
    assert [(row["title"], row["accessed"]) for row in tables["sources"]] == [
        ("Example Report", "2026-11-30")
    ]
    assert [
        (row["priorityupdate_id"], row["source_id"]) for row in tables["priority_update_sources"]
    ] == [(str(update.pk), str(source.pk))]


def test_it_writes_times_in_utc_as_python_writes_them(client):
    recorded = [
        datetime.datetime(2017, 6, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
        datetime.datetime(2017, 6, 2, 23, 59, 59, 120000, tzinfo=datetime.UTC),
        datetime.datetime(2017, 6, 3, 0, 0, 0, 5, tzinfo=datetime.UTC),
    ]
    for recorded_at in recorded:
        PriorityUpdateFactory(recorded_at=recorded_at)

    _package, tables = read_bundle(download(client))

    assert [row["recorded_at"] for row in tables["priority_updates"]] == [
        "2017-06-01T01:30:00+00:00",
        "2017-06-02T23:59:59.120000+00:00",
        "2017-06-03T00:00:00.000005+00:00",
    ]
    assert [row["recorded_at"] for row in tables["priority_updates"]] == [
        recorded_at.astimezone(datetime.UTC).isoformat() for recorded_at in recorded
    ]
