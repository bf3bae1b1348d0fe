"""The HTML lists of meetings, forums and work plans: fifty a page, the latest first, the
API's filters, a year navigation, and a clear answer to a bad address."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import Forum
from meetings.models import Meeting
from tests.factories import (
    MeetingFactory,
    PriorityFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)
from tests.html_text import attributes, texts
from workplan.models import PriorityUpdate, WorkPlan

pytestmark = pytest.mark.django_db


def make_meetings(count, group, year=2018, **fields):
    """`count` meetings, one a day from 1 January of the year, in one query."""
    first = datetime.date(year, 1, 1)
    return Meeting.objects.bulk_create(
        Meeting(
            working_group=group,
            title=f"Example Meeting {year}-{n:03}",
            slug=f"example-meeting-{group.pk}-{year}-{n:03}",
            start_date=first + datetime.timedelta(days=n),
            end_date=first + datetime.timedelta(days=n),
            **fields,
        )
        for n in range(count)
    )


def make_forums(count, group, year=2018):
    first = datetime.date(year, 1, 1)
    return Forum.objects.bulk_create(
        Forum(
            working_group=group,
            title=f"Example Forum {year}-{n:03}",
            slug=f"example-forum-{year}-{n:03}",
            kind="forum",
            start_date=first + datetime.timedelta(days=n),
            end_date=first + datetime.timedelta(days=n),
        )
        for n in range(count)
    )


def make_plans(count, group):
    return WorkPlan.objects.bulk_create(
        WorkPlan(
            working_group=group,
            title=f"Example Work Plan {2000 + n}",
            slug=f"example-work-plan-{2000 + n}",
            start_date=datetime.date(2000 + n, 1, 1),
            end_date=datetime.date(2000 + n, 12, 31),
        )
        for n in range(count)
    )


def test_it_shows_fifty_meetings_a_page_the_latest_first_with_next_and_previous(client):
    make_meetings(51, WorkingGroupFactory())

    first = client.get("/meetings/")
    second = client.get("/meetings/?page=2")

    assert texts(first.content, "h2")[:2] == [
        "Example Meeting 2018-050",
        "Example Meeting 2018-049",
    ]
    assert len(texts(first.content, "h2")) == 50
    assert attributes(first.content, "link", "rel")[-1:] == ["next"]
    assert attributes(first.content, "a", "rel").count("next") == 1
    assert [a for a in attributes(first.content, "link", "href") if a.startswith("?")] == [
        "?page=2"
    ]
    assert texts(second.content, "h2") == ["Example Meeting 2018-000"]
    assert [a for a in attributes(second.content, "link", "href") if a.startswith("?")] == [
        "?page=1"
    ]
    assert texts(second.content, "nav.pagination") == ["Page 2 of 2 (51 in all). Previous page"]


@pytest.mark.parametrize("rows", [1, 60])
def test_it_reads_a_page_of_meetings_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    make_meetings(rows, WorkingGroupFactory())

    # data version, the count, meetings with their groups; co-chairs and co-hosts (agencies
    # and governments); work plans adopted and reviewed; forums; sources; the years, the
    # working groups of the filter
    with django_assert_num_queries(13):
        response = client.get("/meetings/?kind=meeting")

    assert len(texts(response.content, "h2")) == min(rows, 50)


@pytest.mark.parametrize("rows", [1, 60])
def test_it_reads_a_page_of_forums_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    make_forums(rows, WorkingGroupFactory())

    # data version, the count, forums with their groups and meetings; co-chairs and co-hosts
    # (agencies and governments); the years, the working groups of the filter
    with django_assert_num_queries(9):
        response = client.get("/forums/?year=2018")

    assert len(texts(response.content, "h2")) == min(rows, 50)


@pytest.mark.parametrize("rows", [1, 60])
def test_it_reads_a_page_of_work_plans_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    make_plans(rows, WorkingGroupFactory())

    # data version, the count, plans with their figures, the years, the working groups
    with django_assert_num_queries(5):
        response = client.get("/work-plans/")

    assert len(texts(response.content, "h2")) == min(rows, 50)


def test_it_filters_meetings_as_the_api_does_and_keeps_the_filters_across_pages(client):
    group, other = WorkingGroupFactory(), WorkingGroupFactory()
    make_meetings(52, group, attendance_mode="online")
    make_meetings(3, group, year=2019, attendance_mode="online")
    make_meetings(2, other, attendance_mode="online")

    url = f"/meetings/?working_group={group.pk}&year=2018&attendance_mode=online"
    first = client.get(url)
    api = client.get(
        f"/api/v1/meetings/?working_group={group.pk}&year=2018&attendance_mode=online"
    ).json()
    second = client.get(url + "&page=2")

    assert texts(first.content, "nav.pagination") == ["Page 1 of 2 (52 in all). Next page"]
    assert api["count"] == 52
    assert attributes(first.content, "a", "rel").count("next") == 1
    next_link = [a["href"] for a in _links(first.content) if a.get("rel") == "next"]
    assert next_link == [f"?working_group={group.pk}&year=2018&attendance_mode=online&page=2"]
    assert texts(second.content, "h2") == ["Example Meeting 2018-001", "Example Meeting 2018-000"]


def _links(html):
    """Each link's href and rel."""
    return [
        {"href": href, "rel": rel}
        for href, rel in zip(
            attributes(html, "a", "href"), attributes(html, "a", "rel"), strict=True
        )
    ]


def test_it_navigates_by_year_the_latest_first_keeping_the_other_filters(client):
    group = WorkingGroupFactory()
    make_meetings(1, group, year=2016)
    make_meetings(2, group, year=2018)

    response = client.get("/meetings/?year=2018&kind=meeting&page=1")

    assert texts(response.content, "nav.year-nav") == ["All years 2018 2016"]
    assert [a["href"] for a in _links(response.content) if a["href"].startswith("?year")] == [
        "?year=2016&kind=meeting"
    ]
    assert texts(response.content, "h2") == ["Example Meeting 2018-001", "Example Meeting 2018-000"]
    assert texts(response.content, "title") == [
        "Meetings in 2018 · Bali Process Working Group on Trafficking in Persons"
    ]


def test_beyond_ten_years_an_earlier_year_is_asked_for_in_a_field_keeping_the_filters(client):
    # However many years the archive holds, the navigation keeps its size.
    group = WorkingGroupFactory()
    for year in range(2001, 2016):
        make_meetings(1, group, year=year)

    response = client.get("/meetings/?year=2003&kind=meeting&page=1")

    assert texts(response.content, "nav.year-nav") == [
        "All years 2015 2014 2013 2012 2011 2010 2009 2008 2007 2006 2003 "
        "An earlier year (2001–2005) Show"
    ]
    inputs = list(
        zip(
            *(attributes(response.content, "input", attribute) for attribute in INPUT_ATTRIBUTES),
            strict=True,
        )
    )
    # The other filters go with the year asked for; the page starts again from the first.
    assert ("kind", "hidden", "meeting", None, None) in inputs
    assert ("year", "number", "2003", "2001", "2005") in inputs
    assert "page" not in [name for name, *_ in inputs]
    assert texts(response.content, "h2") == ["Example Meeting 2003-000"]


INPUT_ATTRIBUTES = ("name", "type", "value", "min", "max")


def test_it_lists_the_work_plans_that_cover_a_year(client):
    group = WorkingGroupFactory()
    WorkPlanFactory(working_group=group, title="Work Plan 2016–17", start_year=2016)
    WorkPlanFactory(working_group=group, title="Work Plan 2018–19", start_year=2018)

    response = client.get("/work-plans/?year=2017")
    api = client.get("/api/v1/workplans/?year=2017").json()

    assert texts(response.content, "h2") == ["Work Plan 2016–17"]
    assert [plan["title"] for plan in api["results"]] == ["Work Plan 2016–17"]
    assert texts(response.content, "nav.year-nav") == ["All years 2019 2018 2017 2016"]


def test_it_says_when_no_record_matches_the_filters(client):
    make_forums(2, WorkingGroupFactory())

    response = client.get("/forums/?year=2016")

    assert texts(response.content, "p.empty-list") == [
        "No forums match these filters. Show all forums."
    ]


@pytest.mark.parametrize(
    ("url", "problems"),
    [
        ("/meetings/?year=twenty", ["year: Enter a whole number."]),
        (
            "/forums/?kind=party",
            ["kind: Select a valid choice. party is not one of the available choices."],
        ),
        (
            "/work-plans/?state=lost&working_group=0",
            [
                "working_group: Ensure this value is greater than or equal to 1.",
                "state: Select a valid choice. lost is not one of the available choices.",
            ],
        ),
    ],
)
def test_it_answers_a_bad_filter_with_a_400_naming_the_parameter(client, url, problems):
    response = client.get(url)

    assert response.status_code == 400
    assert sorted(texts(response.content, "li")[-len(problems) :]) == sorted(problems)
    assert texts(response.content, "h1") == ["Bad request"]


@pytest.mark.parametrize("page", ["2", "0", "last-but-one", "99999999999999999999"])
def test_it_answers_a_page_that_does_not_exist_with_the_sites_404(client, page):
    make_meetings(3, WorkingGroupFactory())

    response = client.get(f"/meetings/?page={page}")

    assert response.status_code == 404
    assert texts(response.content, "h1") == ["Page not found"]


def test_it_shows_a_new_meeting_on_the_next_request_after_a_write(client):
    group = WorkingGroupFactory()
    make_meetings(2, group)
    client.get("/meetings/")

    MeetingFactory(
        working_group=group,
        title="A Later Meeting",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2019, 1, 1),
    )
    response = client.get("/meetings/")

    assert texts(response.content, "h2")[:1] == ["A Later Meeting"]


def make_timeline(priority, count):
    """`count` entries about the priority, one a day from 1 January 2017, in one query."""
    first = datetime.datetime(2017, 1, 1, 9, tzinfo=datetime.UTC)
    PriorityUpdate.objects.bulk_create(
        PriorityUpdate(
            priority=priority,
            new_status="in_progress",
            new_progress=n % 101,
            recorded_at=first + datetime.timedelta(days=n),
            as_of=(first + datetime.timedelta(days=n)).date(),
        )
        for n in range(count)
    )


def test_a_long_timeline_on_a_priority_page_is_read_fifty_entries_at_a_time(client):
    priority = PriorityFactory()
    make_timeline(priority, 51)
    url = priority.get_absolute_url()

    first = client.get(url)
    second = client.get(url + "?page=2")
    beyond = client.get(url + "?page=3")
    bad = client.get(url + "?page=first")

    assert len(texts(first.content, "li.update")) == 50
    assert texts(first.content, "li.update")[0].startswith("20 February 2017")
    assert texts(first.content, "nav.pagination") == ["Older updates"]
    assert [
        link for link in attributes(first.content, "link", "rel") if link in ("prev", "next")
    ] == ["next"]
    assert [text[:15] for text in texts(second.content, "li.update")] == ["1 January 2017 "]
    assert texts(second.content, "nav.pagination") == ["Newer updates"]
    assert (beyond.status_code, bad.status_code) == (404, 404)


def test_a_priority_page_reads_the_same_number_of_queries_however_long_its_timeline(client):
    short, long = PriorityFactory(), PriorityFactory()
    make_timeline(short, 1)
    make_timeline(long, 60)
    client.get("/")

    counts = []
    for priority in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(priority.get_absolute_url())
        counts.append((len(queries), len(texts(response.content, "li.update"))))

    assert counts == [(counts[0][0], 1), (counts[0][0], 50)]
