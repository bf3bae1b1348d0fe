import datetime

import pytest

from forums.models import Participant
from tests.factories import (
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    SourceFactory,
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
        attendance_mode="online",
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
    assert texts(html, "p.eyebrow") == ["Meeting", "Meeting"]
    assert texts(html, "p.meta") == [
        "16–19 May 2016 · Bangkok, Thailand · In person",
        "27 March 2015 · Online",
    ]
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

    # data version, the count, meetings with their groups; co-chairs and co-hosts (agencies
    # and governments); work plans adopted and reviewed; forums; sources; the years, the
    # working groups of the filter
    with django_assert_num_queries(13):
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
    WorkPlanFactory(
        title="Work Plan 2016–17",
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2017, 12, 31),
        adopted_at=meeting,
    )
    ForumFactory(
        title="Following the Money Forum",
        meeting=meeting,
        start_date=datetime.date(2016, 5, 30),
        end_date=datetime.date(2016, 5, 31),
    )

    html = client.get("/meetings/second/").content.decode()

    assert texts(html, "h1") == ["Second Annual Meeting"]
    assert texts(html, "dl.facts") == [
        "Kind Meeting Dates 30 May – 2 June 2016 Place Bangkok, Thailand Format In person "
        "Co-chairs Office of the Attorney-General (Thailand); Regional Support Office "
        "Co-hosts Not recorded Participation Not recorded"
    ]
    assert texts(html, "div.prose") == [
        "Co-chairs acknowledged the context. The Working Group agreed priorities."
    ]
    assert texts(html, "ul.link-list") == [
        "Work Plan 2016–17 (2016–17)",
        "Following the Money Forum Forum · 30–31 May 2016",
    ]
    assert texts(html, "h2") == [
        "Summary",
        "Work plan adopted",
        "Events held alongside",
        "Participating organisations",
        "Presentations",
        "Sources",
    ]


def test_it_says_what_a_meeting_did_not_record(client):
    MeetingFactory(slug="bare", attendance_mode="unknown", city="", country="")

    html = client.get("/meetings/bare/").content.decode()

    assert texts(html, "dl.facts")[0].endswith(
        "Place Not recorded Format Format not recorded Co-chairs Not recorded "
        "Co-hosts Not recorded Participation Not recorded"
    )
    assert [text for text in texts(html, "p") if text.startswith(("No ", "The participating"))] == [
        "No summary has been published.",
        "No work plan was adopted at this meeting.",
        "No other event was held alongside this meeting.",
        "The participating organisations have not been recorded.",
        "No presentation has been recorded.",
        "No source has been recorded.",
    ]
    assert "In person" not in html


@pytest.mark.parametrize("rows", [1, 4])
def test_it_reads_a_meeting_page_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    meeting = MeetingFactory(slug="m")
    for order in range(1, rows + 1):
        meeting.co_chairs.add(OrganisationFactory())
        meeting.co_chair_members.add(MemberFactory())
        meeting.co_hosts.add(OrganisationFactory())
        meeting.co_host_members.add(MemberFactory())
        meeting.sources.add(SourceFactory())
        WorkPlanFactory(adopted_at=meeting)
        ForumFactory(meeting=meeting)
        ParticipantFactory(forum=None, meeting=meeting)
        ParticipantFactory(forum=None, meeting=meeting, organisation=None, member=MemberFactory())
        PresentationFactory(
            forum=None,
            meeting=meeting,
            order=order,
            organisations=[OrganisationFactory()],
            members=[MemberFactory()],
        )

    # data version, meeting with its group; co-chairs and co-hosts (agencies and
    # governments); work plans adopted and reviewed; forums; sources; participants;
    # presentations with their organisations and members
    with django_assert_num_queries(14):
        response = client.get("/meetings/m/")

    links = attributes(response.content, "a", "href")
    assert len([link for link in links if link.startswith("/forums/regional-forum-")]) == rows
    assert len([link for link in links if link.startswith("/work-plans/work-plan-")]) == rows
    assert len(texts(response.content, "p.presentation__by")) == rows
    assert len(texts(response.content, "li.source")) == rows


def test_it_shows_who_took_part_in_a_meeting_and_what_was_presented_with_csvs(client):
    australia = MemberFactory(name="Australia")
    indonesia = MemberFactory(name="Indonesia")
    police = OrganisationFactory(name="Australian Federal Police", member=australia)
    meeting = MeetingFactory(slug="m", countries_and_organisations=35)
    meeting.co_chair_members.add(australia, indonesia)
    ParticipantFactory(
        forum=None,
        meeting=meeting,
        organisation=police,
        role=Participant.Role.PRESENTER,
        individual_names="Officer Quorn",
    )
    ParticipantFactory(
        forum=None, meeting=meeting, organisation=None, member=indonesia, headcount=2
    )
    PresentationFactory(
        forum=None,
        meeting=meeting,
        order=1,
        kind="presentation",
        organisation=None,
        members=[australia, indonesia],
        title="Progress on the action items",
    )
    PresentationFactory(
        forum=None,
        meeting=meeting,
        order=2,
        kind="presentation",
        organisation=None,
        presenter_role="Working Group Co-Chairs",
    )

    html = client.get("/meetings/m/").content.decode()

    assert texts(html, "dl.facts")[0].split(" Co-chairs ")[1] == (
        "Australia; Indonesia Co-hosts Not recorded Participation 35 countries and organisations"
    )
    assert texts(html, "h3") == ["Delegate", "Presenter"]
    assert texts(html, "ul.link-list") == [
        "Indonesia (2 people)",
        "Australian Federal Police (Australia)",
    ]
    assert texts(html, "p.presentation__by") == [
        "Presented by Australia; Indonesia",
        "Presented by Working Group Co-Chairs",
    ]
    assert [link for link in attributes(html, "a", "href") if link.endswith(".csv")] == [
        "/meetings/m/participants.csv",
        "/meetings/m/presentations.csv",
    ]
    assert "Quorn" not in html


def test_it_answers_an_unknown_meeting_with_the_not_found_page(client):
    response = client.get("/meetings/no-such-meeting/")

    assert response.status_code == 404
    assert texts(response.content, "h1") == ["Page not found"]
