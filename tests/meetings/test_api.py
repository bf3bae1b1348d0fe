"""Members, organisations, working groups and meetings in the REST API."""

import csv
import datetime
import io
import json

import pytest

from tests.api_client import API, absolute, ids, local
from tests.factories import (
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    SourceFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_it_lists_members(client):
    member = MemberFactory(name="Japan", slug="japan", abbreviation="JP")

    response = client.get(f"{API}members/")

    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": member.pk,
                "slug": "japan",
                "url": absolute(f"{API}members/{member.pk}/"),
                "name": "Japan",
                "abbreviation": "JP",
                "kind": "member_state",
                "updated_at": local(member.updated_at),
            }
        ],
    }


def test_it_shows_an_organisation_with_its_member(client):
    organisation = OrganisationFactory(name="Attorney-General's Department", slug="ag")

    response = client.get(f"{API}organisations/{organisation.pk}/")

    assert response.json() == {
        "id": organisation.pk,
        "slug": "ag",
        "url": absolute(f"{API}organisations/{organisation.pk}/"),
        "name": "Attorney-General's Department",
        "abbreviation": "",
        "kind": "government_agency",
        "member": organisation.member_id,
        "member_url": absolute(f"{API}members/{organisation.member_id}/"),
        "description": "",
        "updated_at": local(organisation.updated_at),
    }


def test_it_shows_a_working_group_with_its_co_chairs(client):
    group = WorkingGroupFactory(first_met_on=datetime.date(2015, 3, 27))
    chairs = [MemberFactory(), MemberFactory()]
    group.co_chairs.add(*chairs)
    group.refresh_from_db()

    response = client.get(f"{API}working-groups/{group.pk}/")

    assert response.json() == {
        "id": group.pk,
        "slug": group.slug,
        "url": absolute(f"{API}working-groups/{group.pk}/"),
        "name": group.name,
        "short_name": "",
        "co_chairs": [chair.pk for chair in chairs],
        "co_chairs_urls": [absolute(f"{API}members/{chair.pk}/") for chair in chairs],
        "first_met_on": "2015-03-27",
        "description": "",
        "updated_at": local(group.updated_at),
    }


def party(record, kind):
    return {
        "type": kind,
        "id": record.pk,
        "name": record.name,
        "url": absolute(f"{API}{kind}s/{record.pk}/"),
    }


def test_it_shows_a_meeting(client):
    meeting = MeetingFactory(summary="Second annual meeting.", kind_as_stated="Annual Meeting")
    chair = OrganisationFactory()
    meeting.co_chairs.add(chair)
    meeting.refresh_from_db()

    response = client.get(f"{API}meetings/{meeting.pk}/")

    assert response.json() == {
        "id": meeting.pk,
        "slug": meeting.slug,
        "url": absolute(f"{API}meetings/{meeting.pk}/"),
        "title": meeting.title,
        "kind": "meeting",
        "kind_as_stated": "Annual Meeting",
        "start_date": "2018-06-04",
        "end_date": "2018-06-06",
        "attendance_mode": "in_person",
        "is_online": False,
        "city": "Colombo",
        "country": "Sri Lanka",
        "working_group": meeting.working_group_id,
        "working_group_url": absolute(f"{API}working-groups/{meeting.working_group_id}/"),
        "chaired_by": [party(chair, "organisation")],
        "hosted_by": [],
        "co_chairs": [chair.pk],
        "co_chairs_urls": [absolute(f"{API}organisations/{chair.pk}/")],
        "co_hosts": [],
        "co_hosts_urls": [],
        "participation": {
            "total": None,
            "countries": None,
            "organisations": None,
            "countries_and_organisations": None,
            "as_stated": "",
        },
        "sources": [],
        "summary": "Second annual meeting.",
        "image": None,
        "updated_at": local(meeting.updated_at),
    }


def test_it_names_governments_and_agencies_as_co_chairs_and_co_hosts(client):
    meeting = MeetingFactory(attendance_mode="online", city="", country="")
    australia = MemberFactory(name="Australia")
    agency = OrganisationFactory(name="Attorney-General's Department", member=australia)
    meeting.co_chair_members.add(australia)
    meeting.co_chairs.add(agency)
    meeting.co_host_members.add(australia)
    meeting.co_hosts.add(agency)

    data = client.get(f"{API}meetings/{meeting.pk}/").json()

    assert {
        key: data[key] for key in ("attendance_mode", "is_online", "chaired_by", "hosted_by")
    } == {
        "attendance_mode": "online",
        "is_online": True,
        "chaired_by": [party(australia, "member"), party(agency, "organisation")],
        "hosted_by": [party(australia, "member"), party(agency, "organisation")],
    }
    assert (data["co_chairs"], data["co_hosts"]) == ([agency.pk], [agency.pk])


def test_it_gives_participation_as_reported_and_the_sources(client):
    meeting = MeetingFactory(
        countries_and_organisations=35,
        participation_as_stated="Representatives of 35 countries and organisations attended.",
    )
    meeting.sources.add(
        SourceFactory(
            title="Co-Chairs' Statement",
            url="https://example.org/statement",
            publisher="Example Secretariat",
            accessed=datetime.date(2026, 11, 30),
        )
    )

    data = client.get(f"{API}meetings/{meeting.pk}/").json()

    assert (data["participation"], data["sources"]) == (
        {
            "total": None,
            "countries": None,
            "organisations": None,
            "countries_and_organisations": 35,
            "as_stated": "Representatives of 35 countries and organisations attended.",
        },
        [
            {
                "title": "Co-Chairs' Statement",
                "url": "https://example.org/statement",
                "publisher": "Example Secretariat",
                "accessed": "2026-11-30",
            }
        ],
    )


@pytest.mark.parametrize("rows", [1, 3])
def test_it_lists_every_resource_in_constant_queries(client, django_assert_num_queries, rows):
    for _ in range(rows):
        meeting = MeetingFactory()
        meeting.co_chairs.add(OrganisationFactory())
        meeting.co_chair_members.add(MemberFactory())
        meeting.co_hosts.add(OrganisationFactory())
        meeting.co_host_members.add(MemberFactory())
        meeting.sources.add(SourceFactory())
        meeting.working_group.co_chairs.add(MemberFactory())

    # The data version, the count and the page.
    with django_assert_num_queries(3):
        client.get(f"{API}members/")
    with django_assert_num_queries(3):
        client.get(f"{API}organisations/")
    # ... and the co-chairs.
    with django_assert_num_queries(4):
        groups = client.get(f"{API}working-groups/")
    # ... co-chairs and co-hosts (agencies and governments) and sources.
    with django_assert_num_queries(8):
        meetings = client.get(f"{API}meetings/")

    assert (groups.json()["count"], meetings.json()["count"]) == (rows, rows)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2016", ["b", "a"]),
        ("year=2017", ["b"]),
        ("date_from=2017-01-01", ["c", "b"]),
        ("date_to=2016-12-31", ["b", "a"]),
        ("date_from=2016-06-01&date_to=2016-06-30", ["a"]),
        ("country=thailand", ["c"]),
        ("search=bangkok", ["c"]),
        ("ordering=start_date", ["a", "b", "c"]),
        ("kind=consultation", ["b"]),
        ("kind=meeting,consultation", ["c", "b", "a"]),
        ("attendance_mode=online", ["a"]),
        ("attendance_mode=hybrid&attendance_mode=unknown", []),
        ("attendance_mode=in_person", ["c", "b"]),
    ],
)
def test_it_filters_meetings(client, query, expected):
    MeetingFactory(
        slug="a",
        start_date=datetime.date(2016, 6, 1),
        end_date=datetime.date(2016, 6, 2),
        attendance_mode="online",
        city="",
        country="",
    )
    MeetingFactory(
        slug="b",
        kind="consultation",
        start_date=datetime.date(2016, 12, 30),
        end_date=datetime.date(2017, 1, 2),
    )
    MeetingFactory(
        slug="c",
        start_date=datetime.date(2018, 5, 1),
        end_date=datetime.date(2018, 5, 1),
        city="Bangkok",
        country="Thailand",
    )

    response = client.get(f"{API}meetings/?{query}")

    assert [record["slug"] for record in response.json()["results"]] == expected


def test_it_filters_meetings_by_working_group_and_organisations_by_member(client):
    meeting = MeetingFactory()
    MeetingFactory()
    organisation = OrganisationFactory()
    OrganisationFactory()

    meetings = client.get(f"{API}meetings/?working_group={meeting.working_group_id}")
    organisations = client.get(f"{API}organisations/?member={organisation.member_id}")

    assert (ids(meetings), ids(organisations)) == ([meeting.pk], [organisation.pk])


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("year=twenty", "year"),
        ("date_from=2016-02-30", "date_from"),
        ("working_group=x", "working_group"),
        ("ordering=summary", "ordering"),
        ("kind=conference", "kind"),
        ("attendance_mode=offline", "attendance_mode"),
    ],
)
def test_it_rejects_a_bad_meeting_filter_naming_it(client, query, parameter):
    response = client.get(f"{API}meetings/?{query}")

    assert (response.status_code, list(response.json()["errors"])) == (400, [parameter])


def test_it_answers_a_missing_record_with_a_json_404(client):
    missing = client.get(f"{API}meetings/999999/")
    not_an_id = client.get(f"{API}meetings/first.json/")
    no_such_resource = client.get(f"{API}minutes/")

    assert [
        (r.status_code, r["Content-Type"], r.json()) for r in (missing, not_an_id, no_such_resource)
    ] == [
        (404, "application/json", {"detail": "No Meeting matches the given query."}),
        (404, "application/json", {"detail": "Not found."}),
        (404, "application/json", {"detail": "Not found."}),
    ]


def test_it_writes_nested_records_as_json_in_the_csv(client):
    meeting = MeetingFactory(countries=30, participation_as_stated="30 member countries")
    meeting.co_chair_members.add(MemberFactory(name="Australia"))

    response = client.get(f"{API}meetings/?format=csv")

    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (
        json.loads(row["participation"]),
        [party["name"] for party in json.loads(row["chaired_by"])],
        row["hosted_by"],
        row["is_online"],
    ) == (
        {
            "total": None,
            "countries": 30,
            "organisations": None,
            "countries_and_organisations": None,
            "as_stated": "30 member countries",
        },
        ["Australia"],
        "",
        "false",
    )
