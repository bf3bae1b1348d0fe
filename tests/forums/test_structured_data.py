"""schema.org JSON-LD on meeting and forum pages, read back as JSON from the page."""

import datetime
import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import (
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    PresentationFactory,
)
from tests.html_text import texts
from tests.seed_data import load_seed

pytestmark = pytest.mark.django_db

MEETING_URL = "http://testserver/meetings/second-annual-meeting-2016/"
FORUM_URL = "http://testserver/forums/following-the-money-forum-2016/"
BANGKOK = {
    "@type": "Place",
    "name": "Bangkok, Thailand",
    "address": {
        "@type": "PostalAddress",
        "addressLocality": "Bangkok",
        "addressCountry": "Thailand",
    },
}


class JsonLdParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def json_ld(response):
    """The page's one JSON-LD block, parsed."""
    assert response.status_code == 200
    parser = JsonLdParser()
    parser.feed(response.content.decode())
    assert len(parser.blocks) == 1
    return json.loads(parser.blocks[0])


def organization(name, country):
    return {
        "@type": "Organization",
        "name": name,
        "address": {"@type": "PostalAddress", "addressCountry": country},
    }


def test_it_describes_the_seed_forum_as_an_event_of_its_meeting(client):
    load_seed()

    data = json_ld(client.get(FORUM_URL))

    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"{FORUM_URL}#event",
        "name": "Following the Money Forum",
        "url": FORUM_URL,
        "startDate": "2016-05-16",
        "endDate": "2016-05-17",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": BANGKOK,
        "description": (
            "Highlighting the value of leveraging anti-money laundering and asset recovery "
            "tools and techniques to disrupt the illicit profits of Trafficking in Persons "
            "criminal networks."
        ),
        "organizer": [
            organization("Australian Attorney-General’s Department", "Australia"),
            organization("Office of the Attorney-General of Thailand", "Thailand"),
        ],
        "superEvent": {
            "@type": "Event",
            "@id": f"{MEETING_URL}#event",
            "name": "Second Annual Meeting of the Trafficking in Persons Working Group",
            "url": MEETING_URL,
            "startDate": "2016-05-16",
            "endDate": "2016-05-19",
        },
        "subEvent": [
            {
                "@type": "Event",
                "name": f"Case study by {name}",
                "position": position,
                "performer": organization(name, country),
            }
            for position, (name, country) in enumerate(
                [
                    ("Thai Anti-Money Laundering Office", "Thailand"),
                    ("Sri Lankan Police", "Sri Lanka"),
                    ("Indonesian Attorney-General’s Office", "Indonesia"),
                    ("Australian Federal Police", "Australia"),
                    ("Japanese Ministry of Foreign Affairs", "Japan"),
                ],
                start=1,
            )
        ],
    }


def test_it_describes_the_seed_meeting_with_its_forum(client):
    load_seed()

    data = json_ld(client.get(MEETING_URL))

    assert data["description"].startswith("During the Second Annual Meeting")
    assert {key: value for key, value in data.items() if key != "description"} == {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"{MEETING_URL}#event",
        "name": "Second Annual Meeting of the Trafficking in Persons Working Group",
        "url": MEETING_URL,
        "startDate": "2016-05-16",
        "endDate": "2016-05-19",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": BANGKOK,
        "subEvent": [
            {
                "@type": "Event",
                "@id": f"{FORUM_URL}#event",
                "name": "Following the Money Forum",
                "url": FORUM_URL,
                "startDate": "2016-05-16",
                "endDate": "2016-05-17",
            }
        ],
    }


def test_it_names_meeting_co_chairs_as_organizers_and_online_events_as_virtual(client):
    meeting = MeetingFactory(attendance_mode="online", city="", country="", summary="")
    meeting.co_chairs.set(
        [
            OrganisationFactory(name="Ministry A", abbreviation="MA", member__name="Indonesia"),
            OrganisationFactory(name="Ministry B", member__name="Australia"),
        ]
    )

    data = json_ld(client.get(meeting.get_absolute_url()))

    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "name": "Online"}
    assert data["organizer"] == [
        {**organization("Ministry A", "Indonesia"), "alternateName": "MA"},
        organization("Ministry B", "Australia"),
    ]
    assert "description" not in data
    assert "subEvent" not in data


def test_it_names_governments_and_agencies_as_organizers(client):
    forum = ForumFactory()
    forum.co_host_members.add(MemberFactory(name="Australia"))
    forum.co_hosts.add(OrganisationFactory(name="Royal Thai Police", member__name="Thailand"))
    forum.co_chairs.add(OrganisationFactory(name="Ministry C", member__name="Indonesia"))

    data = json_ld(client.get(forum.get_absolute_url()))

    assert data["organizer"] == [
        organization("Australia", "Australia"),
        organization("Royal Thai Police", "Thailand"),
        organization("Ministry C", "Indonesia"),
    ]


def test_it_publishes_no_format_and_no_location_for_an_event_of_unknown_format(client):
    nowhere = ForumFactory(attendance_mode="unknown", city="", country="")
    in_a_city = MeetingFactory(attendance_mode="unknown", city="Bangkok", country="Thailand")

    unknown = json_ld(client.get(nowhere.get_absolute_url()))
    placed = json_ld(client.get(in_a_city.get_absolute_url()))

    assert ("eventAttendanceMode" in unknown, "location" in unknown) == (False, False)
    assert ("eventAttendanceMode" in placed, placed["location"]) == (False, BANGKOK)


def test_it_keeps_the_place_of_a_hybrid_event_beside_its_online_part(client):
    forum = ForumFactory(attendance_mode="hybrid", city="Bangkok", country="Thailand")

    data = json_ld(client.get(forum.get_absolute_url()))

    assert (data["eventAttendanceMode"], data["location"]) == (
        "https://schema.org/MixedEventAttendanceMode",
        [BANGKOK, {"@type": "VirtualLocation", "name": "Online"}],
    )


@pytest.mark.parametrize(
    ("forum_dates", "contained"),
    [
        ((datetime.date(2016, 5, 16), datetime.date(2016, 5, 17)), True),
        ((datetime.date(2016, 5, 19), datetime.date(2016, 5, 19)), True),
        ((datetime.date(2016, 5, 20), datetime.date(2016, 5, 21)), False),
        ((datetime.date(2016, 5, 15), datetime.date(2016, 5, 16)), False),
    ],
)
def test_it_names_a_super_event_only_when_its_dates_contain_the_forum(
    client, forum_dates, contained
):
    meeting = MeetingFactory(
        start_date=datetime.date(2016, 5, 16), end_date=datetime.date(2016, 5, 19)
    )
    start, end = forum_dates
    forum = ForumFactory(meeting=meeting, start_date=start, end_date=end)

    forum_data = json_ld(client.get(forum.get_absolute_url()))
    meeting_data = json_ld(client.get(meeting.get_absolute_url()))

    assert ("superEvent" in forum_data, "subEvent" in meeting_data) == (contained, contained)
    assert (
        texts(client.get(forum.get_absolute_url()).content, "dl.facts")[0]
        .split(" Held alongside ")[1]
        .startswith(meeting.title)
    )


def test_it_lists_a_meetings_presentations_as_sub_events_with_every_presenter(client):
    meeting = MeetingFactory(summary="")
    PresentationFactory(
        forum=None,
        meeting=meeting,
        order=1,
        organisation=None,
        members=[MemberFactory(name="Australia"), MemberFactory(name="Indonesia")],
    )
    PresentationFactory(
        forum=None,
        meeting=meeting,
        order=2,
        kind="presentation",
        organisation=None,
        presenter_role="Working Group Co-Chairs",
    )

    data = json_ld(client.get(meeting.get_absolute_url()))

    assert data["subEvent"] == [
        {
            "@type": "Event",
            "name": "Case study by Australia, Indonesia",
            "position": 1,
            "performer": [
                organization("Australia", "Australia"),
                organization("Indonesia", "Indonesia"),
            ],
        },
        {
            "@type": "Event",
            "name": "Presentation by Working Group Co-Chairs",
            "position": 2,
        },
    ]


def test_it_escapes_markup_so_the_data_cannot_close_its_script(client):
    forum = ForumFactory(title="</script><script>alert(1)</script> & <!-- forum")
    PresentationFactory(forum=forum, title="Risks <b>& rewards</b>")

    response = client.get(forum.get_absolute_url())

    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert json_ld(response)["name"] == "</script><script>alert(1)</script> & <!-- forum"
    assert json_ld(response)["subEvent"][0]["name"] == "Risks <b>& rewards</b>"


@pytest.mark.parametrize("count", [1, 4])
def test_it_adds_no_query_to_the_forum_page(client, django_assert_num_queries, count):
    forum = ForumFactory()
    forum.co_hosts.set(OrganisationFactory.create_batch(count))
    PresentationFactory.create_batch(count, forum=forum)

    # The page's own queries: the data version (response cache), the forum with its group
    # and meeting, co-chairs and co-hosts (agencies and governments), participants,
    # presentations with their organisations and members, sources.
    with django_assert_num_queries(11):
        data = json_ld(client.get(reverse("forums:forum-detail", args=[forum.slug])))

    assert (len(data["organizer"]), len(data["subEvent"])) == (count, count)
