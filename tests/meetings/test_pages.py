import datetime

import pytest

from tests.factories import (
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)
from tests.html_text import attributes, texts

pytestmark = pytest.mark.django_db


def test_it_lists_the_meetings_latest_first_with_their_dates_and_place(client):
    group = WorkingGroupFactory(name="Working Group on Trafficking in Persons")
    MeetingFactory(
        working_group=group,
        title="First Annual Meeting",
        start_date=datetime.date(2015, 3, 27),
        end_date=datetime.date(2015, 3, 27),
        is_online=True,
        city="",
        country="",
    )
    second = MeetingFactory(
        working_group=group,
        title="Second Annual Meeting",
        slug="second",
        start_date=datetime.date(2016, 5, 16),
        end_date=datetime.date(2016, 5, 19),
        city="Bangkok",
        country="Thailand",
    )
    WorkPlanFactory(title="Work Plan 2016–17", adopted_at=second)
    ForumFactory(title="Following the Money Forum", meeting=second)

    html = client.get("/meetings/").content.decode()

    assert texts(html, "h2") == ["Second Annual Meeting", "First Annual Meeting"]
    assert texts(html, "p.meta") == ["16–19 May 2016 · Bangkok, Thailand", "27 March 2015 · Online"]
    assert texts(html, "dl.facts") == [
        "Working group Working Group on Trafficking in Persons "
        "Work plan adopted Work Plan 2016–17 Held alongside Following the Money Forum",
        "Working group Working Group on Trafficking in Persons",
    ]


@pytest.mark.parametrize("rows", [1, 4])
def test_it_reads_the_meeting_list_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        meeting = MeetingFactory()
        meeting.co_chairs.add(OrganisationFactory())
        WorkPlanFactory(adopted_at=meeting)
        ForumFactory(meeting=meeting)

    # data version, meetings with their groups, co-chairs, work plans, forums
    with django_assert_num_queries(5):
        response = client.get("/meetings/")

    assert len(texts(response.content, "h2")) == rows


def test_it_shows_a_meeting_with_its_co_chairs_plan_and_forums(client):
    meeting = MeetingFactory(
        title="Second Annual Meeting",
        slug="second",
        start_date=datetime.date(2016, 5, 30),
        end_date=datetime.date(2016, 6, 2),
        city="Bangkok",
        country="Thailand",
        summary="Co-chairs acknowledged the context.\n\nThe Working Group agreed priorities.",
    )
    meeting.co_chairs.add(
        OrganisationFactory(
            name="Office of the Attorney-General", member=MemberFactory(name="Thailand")
        ),
        OrganisationFactory(name="Regional Support Office", kind="regional_office", member=None),
    )
    WorkPlanFactory(title="Work Plan 2016–17", start_year=2016, end_year=2017, adopted_at=meeting)
    ForumFactory(
        title="Following the Money Forum",
        meeting=meeting,
        start_date=datetime.date(2016, 5, 30),
        end_date=datetime.date(2016, 5, 31),
    )

    html = client.get("/meetings/second/").content.decode()

    assert texts(html, "h1") == ["Second Annual Meeting"]
    assert texts(html, "dl.facts") == [
        "Dates 30 May – 2 June 2016 Place Bangkok, Thailand "
        "Co-chairs Office of the Attorney-General (Thailand); Regional Support Office"
    ]
    assert texts(html, "div.prose") == [
        "Co-chairs acknowledged the context. The Working Group agreed priorities."
    ]
    assert texts(html, "ul.link-list") == [
        "Work Plan 2016–17 (2016–17)",
        "Following the Money Forum Forum · 30–31 May 2016",
    ]


def test_it_says_what_a_meeting_did_not_record(client):
    MeetingFactory(slug="bare", is_online=True, city="", country="")

    html = client.get("/meetings/bare/").content.decode()

    assert texts(html, "dl.facts")[0].endswith("Place Online Co-chairs Not recorded")
    assert [text for text in texts(html, "p") if text.startswith("No ")] == [
        "No summary has been published.",
        "No work plan was adopted at this meeting.",
        "No forum was held alongside this meeting.",
    ]


@pytest.mark.parametrize("rows", [1, 4])
def test_it_reads_a_meeting_page_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    meeting = MeetingFactory(slug="m")
    for _ in range(rows):
        meeting.co_chairs.add(OrganisationFactory())
        WorkPlanFactory(adopted_at=meeting)
        ForumFactory(meeting=meeting)

    # data version, meeting with its group, co-chairs, work plans, forums
    with django_assert_num_queries(5):
        response = client.get("/meetings/m/")

    links = attributes(response.content, "a", "href")
    assert len([link for link in links if link.startswith("/forums/regional-forum-")]) == rows
    assert len([link for link in links if link.startswith("/work-plans/work-plan-")]) == rows


def test_it_answers_an_unknown_meeting_with_the_not_found_page(client):
    response = client.get("/meetings/no-such-meeting/")

    assert response.status_code == 404
    assert texts(response.content, "h1") == ["Page not found"]
