"""CSV downloads of a work plan's priorities and of a forum's programme, read with csv."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from tests.factories import (
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    WorkPlanFactory,
)
from tests.seed_data import load_seed

pytestmark = pytest.mark.django_db

SEED_PLAN = "work-plan-2016-17"
SEED_FORUM = "following-the-money-forum-2016"
PRIORITY_HEADER = [
    "Order",
    "Priority",
    "Status",
    "Progress (%)",
    "Lead",
    "Target date",
    "Last update",
    "Link",
]


def read_csv(response, filename):
    """The rows of a spreadsheet-friendly CSV: UTF-8 with a byte order mark, as a download."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def priorities_url(slug):
    return reverse("exports:workplan-priorities-csv", args=[slug])


def test_it_exports_the_seven_seed_priorities(client):
    load_seed()

    rows = read_csv(client.get(priorities_url(SEED_PLAN)), f"{SEED_PLAN}-priorities.csv")

    assert rows[0] == PRIORITY_HEADER
    assert [row[:4] + row[5:7] for row in rows[1:]] == [
        [str(order), title, "Not started", "", "", "2016-05-19"]
        for order, title in enumerate(
            [
                "Expanding the promotion and use of the Bali Process policy guides.",
                "Developing guidance tools, including on indicators of trafficking for law and "
                "justice officials.",
                "Continuing to share information on regional trends and best practice "
                "approaches to TIP.",
                "Implementing outcomes of the Bali Process Following the Money Forum.",
                "Promoting effective engagement with the private sector and NGOs.",
                "Continuing cooperation with the Bali Process Working Group on Disruption of "
                "Criminal Networks involved in People Smuggling and TIP.",
                "Oversighting the Regional Support Office in developing a Regional Roadmap for "
                "States on Effective Law and Policy Frameworks to Combat Trafficking in Persons.",
            ],
            start=1,
        )
    ]
    assert rows[1][7] == f"http://testserver/work-plans/{SEED_PLAN}/priorities/policy-guides/"


def test_it_writes_leads_and_iso_dates(client):
    plan = WorkPlanFactory(slug="plan")
    agency = OrganisationFactory(name="Sri Lankan Police")
    priority = PriorityFactory(
        workplan=plan,
        order=1,
        title="Roadmap",
        slug="roadmap",
        status="in_progress",
        progress=40,
        lead_organisation=agency,
        target_date=datetime.date(2017, 12, 31),
    )
    PriorityUpdateFactory(
        priority=priority, recorded_at=datetime.datetime(2017, 3, 1, tzinfo=datetime.UTC)
    )
    # Recorded late in the evening in UTC: already the next day in Bangkok.
    PriorityUpdateFactory(
        priority=priority, recorded_at=datetime.datetime(2017, 3, 20, 20, tzinfo=datetime.UTC)
    )
    PriorityFactory(
        workplan=plan,
        order=2,
        title="Guides",
        slug="guides",
        lead_member=MemberFactory(name="Japan"),
    )

    rows = read_csv(client.get(priorities_url("plan")), "plan-priorities.csv")

    assert rows == [
        PRIORITY_HEADER,
        [
            "1",
            "Roadmap",
            "In progress",
            "40",
            "Sri Lankan Police",
            "2017-12-31",
            "2017-03-21",
            "http://testserver/work-plans/plan/priorities/roadmap/",
        ],
        [
            "2",
            "Guides",
            "Not started",
            "0",
            "Japan",
            "",
            "",
            "http://testserver/work-plans/plan/priorities/guides/",
        ],
    ]


def test_it_filters_like_the_plan_page(client):
    plan = WorkPlanFactory(slug="plan")
    PriorityFactory(workplan=plan, order=1, title="Done", status="completed", progress=100)
    PriorityFactory(workplan=plan, order=2, title="Moving", status="in_progress", progress=10)
    PriorityFactory(workplan=plan, order=3, title="Waiting", status="not_started")

    rows = read_csv(
        client.get(priorities_url("plan"), {"status": "completed,in_progress"}),
        "plan-priorities.csv",
    )
    page = client.get(plan.get_absolute_url(), {"status": "completed,in_progress"})

    assert [row[1] for row in rows[1:]] == ["Done", "Moving"]
    assert [priority.title for priority in page.context["priorities"]] == ["Done", "Moving"]
    assert (
        '<a href="/work-plans/plan/priorities.csv?status=completed%2Cin_progress" download>'
    ) in page.content.decode()


def test_it_refuses_a_malformed_filter(client):
    WorkPlanFactory(slug="plan")

    response = client.get(priorities_url("plan"), {"status": "finished"})

    assert response.status_code == 400
    assert "status" in response.content.decode()


def test_it_answers_not_found_for_an_unknown_plan_or_event(client):
    MeetingFactory(slug="a-meeting")
    ForumFactory(slug="a-forum")

    assert client.get(priorities_url("no-such-plan")).status_code == 404
    assert [
        client.get(reverse(f"exports:{kind}-{part}-csv", args=[slug])).status_code
        for kind, slug in (("forum", "a-meeting"), ("meeting", "a-forum"))
        for part in ("presentations", "participants")
    ] == [404] * 4


def test_it_exports_the_seed_forum_programme_and_organisations(client):
    load_seed()

    presentations = read_csv(
        client.get(reverse("exports:forum-presentations-csv", args=[SEED_FORUM])),
        f"{SEED_FORUM}-presentations.csv",
    )
    participants = read_csv(
        client.get(reverse("exports:forum-participants-csv", args=[SEED_FORUM])),
        f"{SEED_FORUM}-participants.csv",
    )

    assert presentations == [
        ["Order", "Kind", "Title", "Presenters", "Presenter's role", "Country", "Summary"],
        ["1", "Case study", "", "Thai Anti-Money Laundering Office", "", "Thailand", ""],
        ["2", "Case study", "", "Sri Lankan Police", "", "Sri Lanka", ""],
        ["3", "Case study", "", "Indonesian Attorney-General’s Office", "", "Indonesia", ""],
        ["4", "Case study", "", "Australian Federal Police", "", "Australia", ""],
        ["5", "Case study", "", "Japanese Ministry of Foreign Affairs", "", "Japan", ""],
    ]
    assert participants == [
        ["Organisation", "Abbreviation", "Country", "Role", "Headcount"],
        ["Office of the Attorney-General of Thailand", "", "Thailand", "Co-host", ""],
        ["Australian Attorney-General’s Department", "", "Australia", "Co-host", ""],
        ["Thai Anti-Money Laundering Office", "", "Thailand", "Presenter", ""],
        ["Sri Lankan Police", "", "Sri Lanka", "Presenter", ""],
        ["Indonesian Attorney-General’s Office", "", "Indonesia", "Presenter", ""],
        ["Australian Federal Police", "", "Australia", "Presenter", ""],
        ["Japanese Ministry of Foreign Affairs", "", "Japan", "Presenter", ""],
    ]


def test_it_exports_a_meetings_programme_with_every_presenter_and_role(client):
    australia = MemberFactory(name="Australia")
    indonesia = MemberFactory(name="Indonesia")
    meeting = MeetingFactory(slug="meeting")
    PresentationFactory(
        forum=None,
        meeting=meeting,
        order=1,
        kind="presentation",
        organisation=None,
        members=[australia, indonesia],
        title="Action items",
    )
    PresentationFactory(
        forum=None,
        meeting=meeting,
        order=2,
        organisation=OrganisationFactory(name="Australian Federal Police", member=australia),
        presenter_role="Head of Public Policy",
    )
    PresentationFactory(
        forum=None,
        meeting=meeting,
        order=3,
        kind="presentation",
        organisation=None,
        presenter_role="Working Group Co-Chairs",
    )
    ParticipantFactory(
        forum=None,
        meeting=meeting,
        organisation=None,
        member=indonesia,
        role="co_chair",
        individual_names="Jane Citizen",
    )

    presentations = read_csv(
        client.get(reverse("exports:meeting-presentations-csv", args=["meeting"])),
        "meeting-presentations.csv",
    )
    participants = client.get(reverse("exports:meeting-participants-csv", args=["meeting"]))

    assert presentations == [
        ["Order", "Kind", "Title", "Presenters", "Presenter's role", "Country", "Summary"],
        [
            "1",
            "Presentation",
            "Action items",
            "Australia; Indonesia",
            "",
            "Australia; Indonesia",
            "",
        ],
        [
            "2",
            "Case study",
            "",
            "Australian Federal Police",
            "Head of Public Policy",
            "Australia",
            "",
        ],
        ["3", "Presentation", "", "", "Working Group Co-Chairs", "", ""],
    ]
    assert read_csv(participants, "meeting-participants.csv") == [
        ["Organisation", "Abbreviation", "Country", "Role", "Headcount"],
        ["Indonesia", "", "Indonesia", "Co-chair", ""],
    ]
    assert b"Jane" not in participants.content


def test_it_never_exports_the_officials_names_or_contacts(client):
    forum = ForumFactory(slug="forum")
    ParticipantFactory(
        forum=forum,
        organisation=OrganisationFactory(
            name="Australian Federal Police",
            abbreviation="AFP",
            member=MemberFactory(name="Australia"),
        ),
        headcount=3,
        individual_names="Jane Citizen",
        individual_contacts="jane@example.org",
    )
    ParticipantFactory(
        forum=forum,
        organisation=None,
        member=MemberFactory(name="UNODC", abbreviation="UNODC", kind="member_organisation"),
        role="observer",
    )

    response = client.get(reverse("exports:forum-participants-csv", args=["forum"]))

    assert read_csv(response, "forum-participants.csv") == [
        ["Organisation", "Abbreviation", "Country", "Role", "Headcount"],
        ["Australian Federal Police", "AFP", "Australia", "Delegate", "3"],
        ["UNODC", "UNODC", "", "Observer", ""],
    ]
    assert b"Jane" not in response.content
    assert b"jane@example.org" not in response.content


def test_it_links_the_downloads_from_the_pages(client):
    load_seed()

    plan_page = client.get(reverse("workplan:workplan-detail", args=[SEED_PLAN])).content.decode()
    forum_page = client.get(reverse("forums:forum-detail", args=[SEED_FORUM])).content.decode()
    meeting = MeetingFactory(slug="meeting")
    ParticipantFactory(forum=None, meeting=meeting)
    PresentationFactory(forum=None, meeting=meeting)
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()

    assert f'<a href="/work-plans/{SEED_PLAN}/priorities.csv" download>' in plan_page
    assert '<a href="/meetings/meeting/presentations.csv" download>' in meeting_page
    assert '<a href="/meetings/meeting/participants.csv" download>' in meeting_page
    assert f'<a href="/forums/{SEED_FORUM}/presentations.csv" download>' in forum_page
    assert f'<a href="/forums/{SEED_FORUM}/participants.csv" download>' in forum_page


@pytest.mark.parametrize("count", [1, 4])
def test_it_exports_in_constant_queries(client, django_assert_num_queries, count):
    plan = WorkPlanFactory(slug="plan")
    for order in range(1, count + 1):
        PriorityUpdateFactory(
            priority__workplan=plan, priority__order=order, priority__lead_member=MemberFactory()
        )
    forum = ForumFactory(slug="forum")
    ParticipantFactory.create_batch(count, forum=forum)
    PresentationFactory.create_batch(count, forum=forum, members=[MemberFactory()])
    meeting = MeetingFactory(slug="meeting")
    ParticipantFactory.create_batch(count, forum=None, meeting=meeting)
    PresentationFactory.create_batch(count, forum=None, meeting=meeting)

    # The data version (response cache), the plan, its priorities with leads and last update.
    with django_assert_num_queries(3):
        priorities = read_csv(client.get(priorities_url("plan")), "plan-priorities.csv")
    # The data version, the event, its participants.
    with django_assert_num_queries(3):
        participants = read_csv(
            client.get(reverse("exports:forum-participants-csv", args=["forum"])),
            "forum-participants.csv",
        )
    with django_assert_num_queries(3):
        meeting_participants = read_csv(
            client.get(reverse("exports:meeting-participants-csv", args=["meeting"])),
            "meeting-participants.csv",
        )
    # The data version, the event, its presentations with their organisations and members.
    with django_assert_num_queries(5):
        presentations = read_csv(
            client.get(reverse("exports:forum-presentations-csv", args=["forum"])),
            "forum-presentations.csv",
        )
    with django_assert_num_queries(5):
        meeting_presentations = read_csv(
            client.get(reverse("exports:meeting-presentations-csv", args=["meeting"])),
            "meeting-presentations.csv",
        )

    assert [
        len(rows)
        for rows in (
            priorities,
            participants,
            presentations,
            meeting_participants,
            meeting_presentations,
        )
    ] == [count + 1] * 5
