"""Forums, participants and presentations in the REST API."""

import pytest

from tests.api_client import API, absolute, ids, local
from tests.factories import (
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def party(record, kind):
    return {
        "type": kind,
        "id": record.pk,
        "name": record.name,
        "url": absolute(f"{API}{kind}s/{record.pk}/"),
    }


def test_it_shows_a_forum_with_its_meeting_and_co_hosts(client):
    meeting = MeetingFactory()
    forum = ForumFactory(meeting=meeting, participants_total=80, countries=20)
    host = OrganisationFactory()
    forum.co_hosts.add(host)
    forum.refresh_from_db()

    response = client.get(f"{API}forums/{forum.pk}/")

    assert response.json() == {
        "id": forum.pk,
        "slug": forum.slug,
        "url": absolute(f"{API}forums/{forum.pk}/"),
        "title": forum.title,
        "kind": "forum",
        "kind_as_stated": "",
        "start_date": "2018-06-04",
        "end_date": "2018-06-05",
        "attendance_mode": "in_person",
        "is_online": False,
        "city": "Colombo",
        "country": "Sri Lanka",
        "working_group": forum.working_group_id,
        "working_group_url": absolute(f"{API}working-groups/{forum.working_group_id}/"),
        "chaired_by": [],
        "hosted_by": [party(host, "organisation")],
        "co_chairs": [],
        "co_chairs_urls": [],
        "co_hosts": [host.pk],
        "co_hosts_urls": [absolute(f"{API}organisations/{host.pk}/")],
        "participation": {
            "total": 80,
            "countries": 20,
            "organisations": None,
            "countries_and_organisations": None,
            "as_stated": "",
        },
        "sources": [],
        "meeting": meeting.pk,
        "meeting_url": absolute(f"{API}meetings/{meeting.pk}/"),
        "focus": "",
        "participants_total": 80,
        "member_countries": 20,
        "international_organisations": None,
        "countries_and_organisations": None,
        "updated_at": local(forum.updated_at),
    }


def test_it_shows_a_forum_of_the_whole_process_co_chaired_by_a_government(client):
    government = MemberFactory(name="Government of Indonesia")
    forum = ForumFactory(
        working_group=None,
        kind="consultation",
        kind_as_stated="Consultation Workshop",
        attendance_mode="hybrid",
        organisations=6,
        participation_as_stated="Officials of 25 countries and 6 organisations took part.",
    )
    forum.co_chair_members.add(government)
    forum.sources.add(SourceFactory(title="Example Report", url="", publisher=""))

    data = client.get(f"{API}forums/{forum.pk}/").json()

    assert {
        key: data[key]
        for key in (
            "working_group",
            "working_group_url",
            "kind",
            "kind_as_stated",
            "attendance_mode",
            "is_online",
            "city",
            "chaired_by",
            "co_chairs",
            "participation",
            "international_organisations",
            "sources",
        )
    } == {
        "working_group": None,
        "working_group_url": None,
        "kind": "consultation",
        "kind_as_stated": "Consultation Workshop",
        "attendance_mode": "hybrid",
        "is_online": False,
        "city": "Colombo",
        "chaired_by": [party(government, "member")],
        "co_chairs": [],
        "participation": {
            "total": None,
            "countries": None,
            "organisations": 6,
            "countries_and_organisations": None,
            "as_stated": "Officials of 25 countries and 6 organisations took part.",
        },
        "international_organisations": 6,
        "sources": [{"title": "Example Report", "url": "", "publisher": "", "accessed": None}],
    }


def test_it_shows_participants_without_individuals(client):
    participant = ParticipantFactory(
        headcount=3, individual_names="Officer Sato", individual_contacts="sato@example.org"
    )

    response = client.get(f"{API}participants/")

    assert response.json()["results"] == [
        {
            "id": participant.pk,
            "url": absolute(f"{API}participants/{participant.pk}/"),
            "forum": participant.forum_id,
            "forum_url": absolute(f"{API}forums/{participant.forum_id}/"),
            "meeting": None,
            "meeting_url": None,
            "organisation": participant.organisation_id,
            "organisation_url": absolute(f"{API}organisations/{participant.organisation_id}/"),
            "member": None,
            "member_url": None,
            "role": "delegate",
            "headcount": 3,
            "updated_at": local(participant.updated_at),
        }
    ]


def test_it_shows_a_presentation(client):
    presentation = PresentationFactory(title="Case study", order=2)
    [organisation] = presentation.organisations.all()

    response = client.get(f"{API}presentations/{presentation.pk}/")

    assert response.json() == {
        "id": presentation.pk,
        "url": absolute(f"{API}presentations/{presentation.pk}/"),
        "forum": presentation.forum_id,
        "forum_url": absolute(f"{API}forums/{presentation.forum_id}/"),
        "meeting": None,
        "meeting_url": None,
        "organisations": [party(organisation, "organisation")],
        "presenter_role": "",
        "organisation": organisation.pk,
        "organisation_url": absolute(f"{API}organisations/{organisation.pk}/"),
        "kind": "case_study",
        "title": "Case study",
        "order": 2,
        "summary": "",
        "slides": None,
        "updated_at": local(presentation.updated_at),
    }


def test_it_shows_a_presentation_by_several_presenters_and_one_by_a_role(client):
    australia = MemberFactory(name="Australia")
    agencies = [OrganisationFactory(name="B Agency"), OrganisationFactory(name="A Agency")]
    joint = PresentationFactory(order=1, organisations=agencies, members=[australia])
    by_role = PresentationFactory(
        order=2, organisation=None, presenter_role="Working Group Co-Chairs"
    )

    records = client.get(f"{API}presentations/").json()["results"]

    assert [
        {key: record[key] for key in ("organisations", "presenter_role", "organisation")}
        for record in records
    ] == [
        {
            "organisations": [
                party(australia, "member"),
                party(agencies[1], "organisation"),
                party(agencies[0], "organisation"),
            ],
            "presenter_role": "",
            "organisation": agencies[1].pk,
        },
        {"organisations": [], "presenter_role": "Working Group Co-Chairs", "organisation": None},
    ]
    assert [record["id"] for record in records] == [joint.pk, by_role.pk]
    assert records[1]["organisation_url"] is None


@pytest.mark.parametrize("rows", [1, 3])
def test_it_lists_in_constant_queries(client, django_assert_num_queries, rows):
    for _ in range(rows):
        forum = ForumFactory(meeting=MeetingFactory())
        forum.co_hosts.add(OrganisationFactory())
        forum.co_host_members.add(MemberFactory())
        forum.co_chairs.add(OrganisationFactory())
        forum.co_chair_members.add(MemberFactory())
        forum.sources.add(SourceFactory())
        ParticipantFactory(forum=forum)
        PresentationFactory(forum=forum, members=[MemberFactory()])

    # The data version, the count, the page, the co-chairs and co-hosts (agencies and
    # governments) and the sources.
    with django_assert_num_queries(8):
        forums = client.get(f"{API}forums/")
    # The data version, the count and the page.
    with django_assert_num_queries(3):
        participants = client.get(f"{API}participants/")
    # ... and the presenting members and organisations.
    with django_assert_num_queries(5):
        presentations = client.get(f"{API}presentations/")

    assert [r.json()["count"] for r in (forums, participants, presentations)] == [rows] * 3


def test_it_filters_forums_by_kind_format_meeting_year_and_country(client):
    meeting = MeetingFactory()
    workshop = ForumFactory(
        kind="workshop",
        meeting=meeting,
        country="Thailand",
        city="Bangkok",
        attendance_mode="hybrid",
    )
    ForumFactory()

    queries = [
        "kind=workshop",
        "attendance_mode=hybrid",
        f"meeting={meeting.pk}",
        "country=THAILAND",
        "year=2018&kind=forum,workshop&country=thailand",
    ]

    assert [ids(client.get(f"{API}forums/?{query}")) for query in queries] == [[workshop.pk]] * 5


def test_it_filters_presentations_by_event_organisation_and_member_state(client):
    state = MemberFactory()
    meeting = MeetingFactory()
    at_meeting = PresentationFactory(
        forum=None, meeting=meeting, organisation=OrganisationFactory(member=state)
    )
    agency = OrganisationFactory()
    at_forum = PresentationFactory(organisations=[agency, OrganisationFactory()])
    by_state = PresentationFactory(organisation=None, members=[state])

    queries = {
        f"meeting={meeting.pk}": [at_meeting.pk],
        f"forum={at_forum.forum_id}": [at_forum.pk],
        f"organisation={agency.pk}": [at_forum.pk],
        f"member={state.pk}": [by_state.pk],
        f"member_state={state.pk}": [at_meeting.pk, by_state.pk],
        "kind=keynote": [],
    }

    assert {query: ids(client.get(f"{API}presentations/?{query}")) for query in queries} == queries


def test_it_filters_participants_by_role_and_member(client):
    member = MemberFactory()
    chair = ParticipantFactory(role="co_chair", organisation=None, member=member)
    ParticipantFactory()

    by_role = client.get(f"{API}participants/?role=co_chair")
    by_member = client.get(f"{API}participants/?member={member.pk}")

    assert (ids(by_role), ids(by_member)) == ([chair.pk], [chair.pk])


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("forums/?kind=conference", "kind"),
        ("forums/?meeting=one", "meeting"),
        ("participants/?role=speaker", "role"),
        ("presentations/?member_state=-", "member_state"),
    ],
)
def test_it_rejects_a_bad_filter_naming_it(client, path, parameter):
    response = client.get(f"{API}{path}")

    assert (response.status_code, list(response.json()["errors"])) == (400, [parameter])
