"""schema.org JSON-LD on meeting and forum pages, read back as JSON from the page."""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import ForumFactory, MeetingFactory, OrganisationFactory, PresentationFactory
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
    meeting = MeetingFactory(is_online=True, city="", country="", summary="")
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

    # The data version (response cache), the forum with its group and meeting, co-hosts,
    # participants and presentations: the page's own queries.
    with django_assert_num_queries(5):
        data = json_ld(client.get(reverse("forums:forum-detail", args=[forum.slug])))

    assert (len(data["organizer"]), len(data["subEvent"])) == (count, count)
