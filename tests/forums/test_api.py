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
)

pytestmark = pytest.mark.django_db


def test_it_shows_a_forum_with_its_meeting_and_co_hosts(client):
    meeting = MeetingFactory()
    forum = ForumFactory(meeting=meeting, participants_total=80, member_countries=20)
    host = OrganisationFactory()
    forum.co_hosts.add(host)
    forum.refresh_from_db()

    response = client.get(f"{API}forums/{forum.pk}/")

    assert response.json() == {
        "id": forum.pk,
        "slug": forum.slug,
        "url": absolute(f"{API}forums/{forum.pk}/"),
        "title": forum.title,
        "start_date": "2018-06-04",
        "end_date": "2018-06-05",
        "is_online": False,
        "city": "Colombo",
        "country": "Sri Lanka",
        "working_group": forum.working_group_id,
        "working_group_url": absolute(f"{API}working-groups/{forum.working_group_id}/"),
        "kind": "forum",
        "meeting": meeting.pk,
        "meeting_url": absolute(f"{API}meetings/{meeting.pk}/"),
        "co_hosts": [host.pk],
        "co_hosts_urls": [absolute(f"{API}organisations/{host.pk}/")],
        "focus": "",
        "participants_total": 80,
        "member_countries": 20,
        "international_organisations": None,
        "countries_and_organisations": None,
        "updated_at": local(forum.updated_at),
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

    response = client.get(f"{API}presentations/{presentation.pk}/")

    assert response.json() == {
        "id": presentation.pk,
        "url": absolute(f"{API}presentations/{presentation.pk}/"),
        "forum": presentation.forum_id,
        "forum_url": absolute(f"{API}forums/{presentation.forum_id}/"),
        "meeting": None,
        "meeting_url": None,
        "organisation": presentation.organisation_id,
        "organisation_url": absolute(f"{API}organisations/{presentation.organisation_id}/"),
        "kind": "case_study",
        "title": "Case study",
        "order": 2,
        "summary": "",
        "slides": None,
        "updated_at": local(presentation.updated_at),
    }


@pytest.mark.parametrize("rows", [1, 3])
def test_it_lists_in_constant_queries(client, django_assert_num_queries, rows):
    for _ in range(rows):
        forum = ForumFactory(meeting=MeetingFactory())
        forum.co_hosts.add(OrganisationFactory())
        ParticipantFactory(forum=forum)
        PresentationFactory(forum=forum)

    # The data version, the count, the page and the co-hosts.
    with django_assert_num_queries(4):
        forums = client.get(f"{API}forums/")
    # The data version, the count and the page.
    with django_assert_num_queries(3):
        participants = client.get(f"{API}participants/")
    with django_assert_num_queries(3):
        presentations = client.get(f"{API}presentations/")

    assert [r.json()["count"] for r in (forums, participants, presentations)] == [rows] * 3


def test_it_filters_forums_by_kind_meeting_year_and_country(client):
    meeting = MeetingFactory()
    workshop = ForumFactory(kind="workshop", meeting=meeting, country="Thailand", city="Bangkok")
    ForumFactory()

    queries = [
        "kind=workshop",
        f"meeting={meeting.pk}",
        "country=THAILAND",
        "year=2018&kind=forum,workshop&country=thailand",
    ]

    assert [ids(client.get(f"{API}forums/?{query}")) for query in queries] == [[workshop.pk]] * 4


def test_it_filters_presentations_by_event_organisation_and_member_state(client):
    state = MemberFactory()
    meeting = MeetingFactory()
    at_meeting = PresentationFactory(
        forum=None, meeting=meeting, organisation=OrganisationFactory(member=state)
    )
    at_forum = PresentationFactory()

    queries = {
        f"meeting={meeting.pk}": [at_meeting.pk],
        f"forum={at_forum.forum_id}": [at_forum.pk],
        f"organisation={at_forum.organisation_id}": [at_forum.pk],
        f"member_state={state.pk}": [at_meeting.pk],
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
