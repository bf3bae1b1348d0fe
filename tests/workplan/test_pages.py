import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ForumFactory,
    MeetingFactory,
    OrganisationFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    UserFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)
from tests.html_forms import form_data
from tests.html_text import attributes, texts

pytestmark = pytest.mark.django_db


def at(day):
    return timezone.make_aware(datetime.datetime(2016, 6, day, 10, 0))


def make_plan(*, priorities=(), **fields):
    """A plan with priorities given as (title, status, progress)."""
    plan = WorkPlanFactory(**fields)
    for order, (title, status, progress) in enumerate(priorities, start=1):
        PriorityFactory(
            workplan=plan,
            order=order,
            title=title,
            slug=f"priority-{order}",
            status=status,
            progress=progress,
        )
    return plan


MIXED = [
    ("Share information", "in_progress", 40),
    ("Write the guide", "completed", 100),
    ("Hold a workshop", "cancelled", 10),
    ("Map the routes", "not_started", 0),
]


def test_it_shows_the_latest_plan_at_a_glance_on_home_never_calling_an_ended_plan_current(
    client,
):
    make_plan(title="Work Plan 2014–15", slug="wp-2014", start_year=2014, end_year=2015)
    plan = make_plan(
        title="Work Plan 2016–17", slug="wp-2016", start_year=2016, end_year=2017, priorities=MIXED
    )
    for day, priority in enumerate(plan.priorities.all(), start=1):
        PriorityUpdateFactory(priority=priority, recorded_at=at(day), note=f"Note {day}")
    PriorityUpdateFactory(priority=plan.priorities.get(order=1), recorded_at=at(9))
    PriorityUpdateFactory(
        priority=plan.priorities.get(order=2),
        recorded_at=timezone.make_aware(datetime.datetime(2016, 5, 19, 16, 0)),
    )
    old_meeting = MeetingFactory(
        start_date=datetime.date(2015, 3, 27), end_date=datetime.date(2015, 3, 27)
    )
    meeting = MeetingFactory(
        start_date=datetime.date(2016, 5, 16), end_date=datetime.date(2016, 5, 19)
    )
    ForumFactory(start_date=datetime.date(2015, 3, 26), end_date=datetime.date(2015, 3, 26))
    forum = ForumFactory(start_date=datetime.date(2016, 5, 16), end_date=datetime.date(2016, 5, 17))

    html = client.get("/").content.decode()

    assert texts(html, "h1") == ["Work Plan 2016–17 at a glance"]
    assert texts(html, "p.eyebrow") == [f"{plan.working_group.name} · latest work plan"]
    assert texts(html, "p.notice") == [
        "This plan's period ended on 31 December 2017; no later plan has been recorded."
    ]
    assert "current work plan" not in html
    assert texts(html, "p.summary__figure") == ["47 %"]
    assert texts(html, "p.summary__how") == [
        "How it is worked out: Mean of 3 priorities with reported progress; cancelled "
        "priorities are left out."
    ]
    assert texts(html, "ul.status-counts") == [
        "Not started 1 priority In progress 1 priority Ongoing 0 priorities "
        "Completed 1 priority Cancelled 1 priority"
    ]
    assert texts(html, "h3.priority__title") == [
        "1 Share information",
        "2 Write the guide",
        "3 Hold a workshop",
        "4 Map the routes",
    ]
    assert attributes(html, "progress", "value") == ["47", "40", "100", "10", "0"]
    assert texts(html, "p.update__priority") == [
        "Share information",
        "Map the routes",
        "Hold a workshop",
        "Write the guide",
        "Share information",
    ]
    assert texts(html, "p.update__date")[:2] == ["9 June 2016", "4 June 2016"]
    assert texts(html, "p.since") == [
        f"Since the last meeting ({meeting.title}, 16–19 May 2016): 5 updates. What changed"
    ]
    # The events' own summaries belong to the meeting and forum pages' tests.
    events = [card.split(" · ")[0] for card in texts(html, "div.card")]
    assert events == [
        f"Latest meeting {meeting.title} 16–19 May 2016",
        f"Latest forum {forum.title} 16–17 May 2016",
    ]
    assert old_meeting.title not in html


def test_it_says_so_on_home_when_there_is_no_plan_yet(client):
    html = client.get("/").content.decode()

    assert texts(html, "h1") == ["Work Plan Tracker"]
    assert texts(html, "p.lead") == ["No work plan has been published yet."]
    assert texts(html, "div.card") == [
        "Latest meeting No meeting has been recorded yet. All meetings",
        "Latest forum No forum has been recorded yet. All forums",
    ]


@pytest.mark.parametrize("rows", [1, 6])
def test_it_reads_home_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    plan = WorkPlanFactory()
    for _ in range(rows):
        PriorityUpdateFactory(priority=PriorityFactory(workplan=plan))
        MeetingFactory()
        ForumFactory()

    # data version, the plan in force (none), the latest plan, meeting, forum, status
    # counts, overall progress, priorities, latest updates and their sources, updates
    # since the meeting
    with django_assert_num_queries(11):
        response = client.get("/")

    assert len(texts(response.content, "h3.priority__title")) == rows


def test_it_lists_the_work_plans_latest_first_with_their_progress(client):
    old = make_plan(title="Work Plan 2014–15", slug="wp-2014", start_year=2014, end_year=2015)
    plan = make_plan(
        title="Work Plan 2016–17", slug="wp-2016", start_year=2016, end_year=2017, priorities=MIXED
    )

    html = client.get("/work-plans/").content.decode()

    assert texts(html, "h2") == ["Work Plan 2016–17", "Work Plan 2014–15"]
    assert attributes(html, "progress", "value") == ["47"]
    assert texts(html, "dl.facts") == [
        "Period covers 2016–17 (1 January 2016 – 31 December 2017) State Ended "
        f"Working group {plan.working_group.name} Priorities 4",
        "Period covers 2014–15 (1 January 2014 – 31 December 2015) State Ended "
        f"Working group {old.working_group.name} Priorities 0",
    ]


@pytest.mark.parametrize("rows", [1, 4])
def test_it_reads_the_work_plan_list_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        PriorityFactory(workplan=WorkPlanFactory(adopted_at=MeetingFactory()))

    # data version, the count, plans with their figures, the years, the working groups of
    # the filter
    with django_assert_num_queries(5):
        response = client.get("/work-plans/")

    assert len(texts(response.content, "h2")) == rows


def test_it_shows_every_priority_of_a_plan_in_order_with_its_details(client):
    plan = make_plan(slug="wp-2016", priorities=MIXED)
    make_plan(slug="other", priorities=[("Someone else's priority", "completed", 100)])
    first = plan.priorities.get(order=1)
    first.lead_organisation = OrganisationFactory(name="Thai Anti-Money Laundering Office")
    first.target_date = datetime.date(2017, 5, 31)
    first.save()
    PriorityUpdateFactory(priority=first, recorded_at=at(3))
    PriorityUpdateFactory(priority=first, recorded_at=at(7))

    html = client.get("/work-plans/wp-2016/").content.decode()

    assert texts(html, "h3.priority__title") == [
        "1 Share information",
        "2 Write the guide",
        "3 Hold a workshop",
        "4 Map the routes",
    ]
    assert texts(html, "div.priority__state") == [
        "In progress 40 %",
        "Completed 100 %",
        "Cancelled 10 %",
        "Not started 0 %",
    ]
    assert texts(html, "dl.facts--inline") == [
        "Lead Thai Anti-Money Laundering Office Target date 31 May 2017 Last update 7 June 2016",
        "Lead Not set Target date Not set Last update None yet",
        "Lead Not set Target date Not set Last update None yet",
        "Lead Not set Target date Not set Last update None yet",
    ]
    assert texts(html, "p.result-count") == ["All 4 priorities, in the order of the plan."]
    assert form_data(html) == {}


@pytest.mark.parametrize(
    "query", ["?status=in_progress&status=completed", "?status=in_progress,completed"]
)
def test_it_filters_a_plan_by_status_through_a_shareable_get_form(client, query):
    make_plan(slug="wp-2016", priorities=MIXED)

    html = client.get(f"/work-plans/wp-2016/{query}").content.decode()

    assert texts(html, "h3.priority__title") == ["1 Share information", "2 Write the guide"]
    assert form_data(html) == {"status": ["in_progress", "completed"]}
    assert texts(html, "p.result-count") == ["Showing 2 of 4 priorities."]
    assert attributes(html, "form", "method") == ["get"]


def test_it_explains_an_unknown_status_and_shows_every_priority(client):
    make_plan(slug="wp-2016", priorities=MIXED)

    html = client.get("/work-plans/wp-2016/?status=finished").content.decode()

    assert texts(html, "p.error") == [
        "Select a valid choice. finished is not one of the available choices."
    ]
    assert len(texts(html, "h3.priority__title")) == 4


def test_it_says_so_when_no_priority_has_the_chosen_status(client):
    make_plan(slug="wp-2016", priorities=MIXED)

    html = client.get("/work-plans/wp-2016/?status=ongoing").content.decode()

    assert texts(html, "h3.priority__title") == []
    assert "No priority has the chosen status." in texts(html, "p")


@pytest.mark.parametrize("rows", [1, 5])
def test_it_reads_a_plan_page_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    plan = WorkPlanFactory(slug="wp", adopted_at=MeetingFactory())
    for _ in range(rows):
        priority = PriorityFactory(workplan=plan, lead_organisation=OrganisationFactory())
        PriorityUpdateFactory(priority=priority)

    # data version, plan, its meetings reviewed, sources and plans superseded, status
    # counts, overall progress, priorities, the priorities continuing them, the next plan
    with django_assert_num_queries(10):
        response = client.get("/work-plans/wp/?status=not_started")

    assert len(texts(response.content, "h3.priority__title")) == rows


def test_it_shows_a_priority_with_its_whole_timeline_and_no_officer_names(client):
    plan = make_plan(slug="wp-2016", priorities=MIXED)
    priority = plan.priorities.get(order=1)
    priority.description = "Share what the members learn."
    priority.lead_organisation = OrganisationFactory(name="Australian Federal Police")
    priority.save()
    forum = ForumFactory(title="Following the Money Forum", slug="ftm")
    priority.related_forums.add(forum)
    priority.related_working_groups.add(WorkingGroupFactory(name="Disruption Working Group"))
    officer = UserFactory(
        username="kpradit", first_name="Kanya", last_name="Pradit", email="kanya@example.org"
    )
    PriorityUpdateFactory(
        priority=priority,
        new_status="not_started",
        new_progress=0,
        recorded_at=at(1),
        note="Agreed at the meeting.",
    )
    PriorityUpdateFactory(
        priority=priority,
        old_status="not_started",
        old_progress=0,
        new_status="in_progress",
        new_progress=40,
        recorded_at=at(20),
        note="Two workshops held.",
        author=officer,
    )

    html = client.get("/work-plans/wp-2016/priorities/priority-1/").content.decode()

    assert texts(html, "h1") == ["Share information"]
    assert texts(html, "nav.breadcrumbs") == [f"Home Work plans {plan.title} Priority 1"]
    assert texts(html, "dl.facts") == [
        "Status In progress Progress 40 % Lead Australian Federal Police Target date Not set "
        "Related forums Following the Money Forum (4–5 June 2018) "
        "Related working groups Disruption Working Group"
    ]
    assert texts(html, "li.update") == [
        "20 June 2016 Not started 0 % → changed to In progress 40 % Two workshops held. "
        "Source: Secretariat · recorded 20 June 2016",
        "1 June 2016 First entry: Not started 0 % Agreed at the meeting. Source: Working Group "
        "· recorded 1 June 2016",
    ]
    for private in ("kpradit", "Kanya", "Pradit", "kanya@example.org"):
        assert private not in html


def test_it_finds_a_priority_only_under_its_own_plan(client):
    make_plan(slug="wp-2016", priorities=MIXED)
    make_plan(slug="other")

    response = client.get("/work-plans/other/priorities/priority-1/")

    assert response.status_code == 404
    assert texts(response.content, "h1") == ["Page not found"]


@pytest.mark.parametrize("rows", [1, 5])
def test_it_reads_a_priority_page_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    priority = PriorityFactory(workplan=WorkPlanFactory(slug="wp"), slug="p")
    for _ in range(rows):
        PriorityUpdateFactory(priority=priority, author=UserFactory())
        priority.related_forums.add(ForumFactory())
        priority.related_working_groups.add(WorkingGroupFactory())

    # data version, priority with its plan, lead and the priority it continues, those
    # continuing it, related forums, related working groups, updates with their meeting,
    # their sources, its action items (none here)
    with django_assert_num_queries(8):
        response = client.get("/work-plans/wp/priorities/p/")

    assert len(texts(response.content, "li.update")) == rows
