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
    ParticipantFactory,
    PresentationFactory,
    PriorityUpdateFactory,
    UserFactory,
)
from tests.seed_data import load_seed

pytestmark = pytest.mark.django_db

BUNDLE = reverse("exports:open-data")
RESOURCES = [
    "processes",
    "members",
    "process_co_chairs",
    "organisations",
    "working_groups",
    "working_group_co_chairs",
    "meetings",
    "meeting_co_chairs",
    "forums",
    "forum_co_hosts",
    "participants",
    "presentations",
    "work_plans",
    "priorities",
    "priority_related_forums",
    "priority_related_working_groups",
    "priority_updates",
]


def download(client):
    response = client.get(BUNDLE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="bali-process-tip-work-plan-tracker-'
    )
    return zipfile.ZipFile(io.BytesIO(response.content))


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
        "processes": 1,
        "members": 9,
        "process_co_chairs": 2,
        "organisations": 8,
        "working_groups": 2,
        "working_group_co_chairs": 2,
        "meetings": 1,
        "meeting_co_chairs": 0,
        "forums": 1,
        "forum_co_hosts": 2,
        "participants": 7,
        "presentations": 5,
        "work_plans": 1,
        "priorities": 7,
        "priority_related_forums": 1,
        "priority_related_working_groups": 1,
        "priority_updates": 7,
    }
    [meeting] = tables["meetings"]
    assert (meeting["slug"], meeting["start_date"], meeting["end_date"], meeting["is_online"]) == (
        "second-annual-meeting-2016",
        "2016-05-16",
        "2016-05-19",
        "false",
    )
    assert meeting["created_at"] == "2016-05-19T05:00:00+00:00"
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
        "enum": ["forum", "workshop", "symposium", "roundtable"],
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
