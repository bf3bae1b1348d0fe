"""iCalendar of meetings and forums, read back with the icalendar package."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from forums import calendars
from tests.factories import ForumFactory, MeetingFactory, WorkingGroupFactory
from tests.seed_data import load_seed

pytestmark = pytest.mark.django_db


RECENT_YEARS = calendars.RECENT_YEARS


@pytest.fixture(autouse=True)
def window_reaching_the_seed_years(monkeypatch):
    """The events here are of 2016–2018: the subscription calendars' window of recent years
    is widened to reach them (the tests of the window itself set it back)."""
    monkeypatch.setattr(calendars, "RECENT_YEARS", 20)


CALENDAR = reverse("exports:calendar")
MEETING_URL = "http://testserver/meetings/second-annual-meeting-2016/"
FORUM_URL = "http://testserver/forums/following-the-money-forum-2016/"


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"\r\n" in response.content
    calendar = Calendar.from_ical(response.content)
    assert (str(calendar["VERSION"]), str(calendar["METHOD"])) == ("2.0", "PUBLISH")
    assert str(calendar["PRODID"])
    return calendar


def events(calendar):
    """Each VEVENT as a dict of what a calendar application shows."""
    found = []
    for event in calendar.walk("VEVENT"):
        assert event["DTSTART"].params["VALUE"] == "DATE"
        assert event["DTEND"].params["VALUE"] == "DATE"
        found.append(
            {
                "uid": str(event["UID"]),
                "summary": str(event["SUMMARY"]),
                "start": event.decoded("DTSTART"),
                "end": event.decoded("DTEND"),
                "location": str(event.get("LOCATION", "")),
                "categories": [str(category) for category in event["CATEGORIES"].cats],
                "url": str(event["URL"]),
                "description": str(event["DESCRIPTION"]),
            }
        )
    return found


def without_uid(found):
    return [{key: value for key, value in event.items() if key != "uid"} for event in found]


def test_it_puts_the_seed_meeting_and_forum_in_the_calendar_as_all_day_spans(client):
    load_seed()

    calendar = parse_calendar(client.get(CALENDAR))

    assert str(calendar["X-WR-CALNAME"]) == "Bali Process Working Group meetings and forums"
    found = events(calendar)
    assert without_uid(found) == [
        {
            "summary": "Following the Money Forum",
            "start": datetime.date(2016, 5, 16),
            "end": datetime.date(2016, 5, 18),
            "location": "Bangkok, Thailand",
            "categories": ["Forum"],
            "url": FORUM_URL,
            "description": (
                "Highlighting the value of leveraging anti-money laundering and asset recovery "
                "tools and techniques to disrupt the illicit profits of Trafficking in Persons "
                f"criminal networks.\n\n{FORUM_URL}"
            ),
        },
        {
            "summary": "Second Annual Meeting of the Trafficking in Persons Working Group",
            "start": datetime.date(2016, 5, 16),
            "end": datetime.date(2016, 5, 20),
            "location": "Bangkok, Thailand",
            "categories": ["Meeting"],
            "url": MEETING_URL,
            "description": found[1]["description"],
        },
    ]
    assert found[1]["description"].startswith("During the Second Annual Meeting")
    assert found[1]["description"].endswith(f"\n\n{MEETING_URL}")
    assert len({event["uid"] for event in found}) == 2


def test_it_offers_each_seed_event_as_its_own_file(client):
    load_seed()

    meeting = client.get(reverse("exports:meeting-ics", args=["second-annual-meeting-2016"]))
    forum = client.get(reverse("exports:forum-ics", args=["following-the-money-forum-2016"]))

    assert meeting["Content-Disposition"] == (
        'attachment; filename="second-annual-meeting-2016.ics"'
    )
    assert [
        (event["summary"], event["start"], event["end"])
        for event in events(parse_calendar(meeting))
    ] == [
        (
            "Second Annual Meeting of the Trafficking in Persons Working Group",
            datetime.date(2016, 5, 16),
            datetime.date(2016, 5, 20),
        )
    ]
    assert [
        (event["summary"], event["start"], event["end"]) for event in events(parse_calendar(forum))
    ] == [("Following the Money Forum", datetime.date(2016, 5, 16), datetime.date(2016, 5, 18))]


def test_it_keeps_uids_stable_across_fetches_hosts_and_files(client):
    meeting = MeetingFactory(slug="annual-meeting-2018")

    first = events(parse_calendar(client.get(CALENDAR)))
    other_host = events(parse_calendar(client.get(CALENDAR, HTTP_HOST="localhost")))
    own_file = events(
        parse_calendar(client.get(reverse("exports:meeting-ics", args=[meeting.slug])))
    )

    assert [event["uid"] for event in first] == [event["uid"] for event in other_host]
    assert [event["uid"] for event in first] == [event["uid"] for event in own_file]


def test_it_ends_a_one_day_event_on_the_next_day_and_marks_online_ones(client):
    ForumFactory(
        title="Online Roundtable",
        kind="roundtable",
        start_date=datetime.date(2021, 2, 28),
        end_date=datetime.date(2021, 2, 28),
        attendance_mode="online",
        city="",
        country="",
        focus="",
    )

    found = events(parse_calendar(client.get(CALENDAR)))

    assert [(e["start"], e["end"], e["location"], e["categories"]) for e in found] == [
        (datetime.date(2021, 2, 28), datetime.date(2021, 3, 1), "", ["Roundtable"])
    ]
    assert found[0]["description"] == f"Held online.\n\n{found[0]['url']}"


@pytest.mark.parametrize(
    ("mode", "city", "location", "held"),
    [
        ("unknown", "", "", ""),
        ("unknown", "Bangkok", "Bangkok, Thailand", ""),
        ("hybrid", "Bangkok", "Bangkok, Thailand", "Held in person and online.\n\n"),
        ("in_person", "Bangkok", "Bangkok, Thailand", ""),
    ],
)
def test_it_gives_a_location_only_when_a_place_is_known(client, mode, city, location, held):
    MeetingFactory(
        attendance_mode=mode,
        city=city,
        country="Thailand" if city else "",
        summary="",
    )

    [event] = events(parse_calendar(client.get(CALENDAR)))

    assert (event["location"], event["description"]) == (location, f"{held}{event['url']}")


def test_it_gives_a_working_group_the_events_of_that_group_only(client):
    group = WorkingGroupFactory(slug="disruption", short_name="Disruption Working Group")
    MeetingFactory(working_group=group, title="Ours meeting")
    ForumFactory(working_group=group, title="Ours forum")
    MeetingFactory(title="Another group's meeting")

    calendar = parse_calendar(
        client.get(reverse("exports:working-group-calendar", args=[group.slug]))
    )

    assert str(calendar["X-WR-CALNAME"]) == "Disruption Working Group: meetings and forums"
    assert sorted(event["summary"] for event in events(calendar)) == ["Ours forum", "Ours meeting"]


@pytest.mark.parametrize(
    "url",
    [
        reverse("exports:working-group-calendar", args=["no-such-group"]),
        reverse("exports:meeting-ics", args=["no-such-meeting"]),
        reverse("exports:forum-ics", args=["no-such-forum"]),
    ],
)
def test_it_answers_not_found_for_an_unknown_slug(client, url):
    assert client.get(url).status_code == 404


def test_it_is_offered_on_the_event_pages(client):
    load_seed()

    meeting_page = client.get(MEETING_URL).content.decode()
    forum_page = client.get(FORUM_URL).content.decode()

    assert (
        '<link rel="alternate" type="text/calendar" '
        'href="/meetings/second-annual-meeting-2016/event.ics"'
    ) in meeting_page
    assert (
        '<a href="/meetings/second-annual-meeting-2016/event.ics" download>Add to calendar</a>'
    ) in meeting_page
    assert (
        '<a href="/forums/following-the-money-forum-2016/event.ics" download>Add to calendar</a>'
    ) in forum_page


@pytest.mark.parametrize("count", [1, 4])
def test_it_builds_the_calendars_in_constant_queries(client, django_assert_num_queries, count):
    group = WorkingGroupFactory()
    MeetingFactory.create_batch(count, working_group=group)
    ForumFactory.create_batch(count, working_group=group)

    # The data version (response cache), the meetings, the forums.
    with django_assert_num_queries(3):
        whole = events(parse_calendar(client.get(CALENDAR)))
    # The data version, the group, its meetings, its forums.
    with django_assert_num_queries(4):
        own = events(
            parse_calendar(client.get(reverse("exports:working-group-calendar", args=[group.slug])))
        )

    assert len(whole) == len(own) == 2 * count


def event_window(today, years):
    """A meeting ending two years and one day before today, one ending exactly two years
    before, one upcoming; and a forum of `years` ago."""
    group = WorkingGroupFactory()
    two_years_ago = calendars.recent_since(today)
    for title, end in [
        ("Too old", two_years_ago - datetime.timedelta(days=1)),
        ("Just recent", two_years_ago),
        ("Upcoming", today + datetime.timedelta(days=30)),
    ]:
        MeetingFactory(working_group=group, title=title, start_date=end, end_date=end)
    old = datetime.date(today.year - years, 3, 1)
    ForumFactory(working_group=group, title="Old forum", start_date=old, end_date=old)
    return group


def test_the_calendar_holds_upcoming_events_and_those_of_the_last_two_years(client, monkeypatch):
    monkeypatch.setattr(calendars, "RECENT_YEARS", RECENT_YEARS)
    today = datetime.date.today()
    group = event_window(today, years=5)

    whole = events(parse_calendar(client.get(CALENDAR)))
    own = events(
        parse_calendar(client.get(reverse("exports:working-group-calendar", args=[group.slug])))
    )

    assert [event["summary"] for event in whole] == ["Just recent", "Upcoming"]
    assert [event["summary"] for event in own] == ["Just recent", "Upcoming"]


def test_the_calendar_of_a_year_holds_every_event_of_that_year(client, monkeypatch):
    monkeypatch.setattr(calendars, "RECENT_YEARS", RECENT_YEARS)
    today = datetime.date.today()
    event_window(today, years=5)

    archive = parse_calendar(client.get(f"/calendars/{today.year - 5}.ics"))

    assert [event["summary"] for event in events(archive)] == ["Old forum"]
    assert str(archive["X-WR-CALNAME"]) == (
        f"Bali Process Working Group meetings and forums, {today.year - 5}"
    )


@pytest.mark.parametrize("year", ["0", "10000"])
def test_a_year_calendar_out_of_range_is_not_found(client, year):
    response = client.get(f"/calendars/{year}.ics")

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 4])
def test_it_builds_a_year_calendar_in_constant_queries(client, django_assert_num_queries, count):
    group = WorkingGroupFactory()
    MeetingFactory.create_batch(count, working_group=group)
    ForumFactory.create_batch(count, working_group=group)

    # The data version (response cache), the meetings, the forums.
    with django_assert_num_queries(3):
        found = events(parse_calendar(client.get("/calendars/2018.ics")))

    assert len(found) == 2 * count
