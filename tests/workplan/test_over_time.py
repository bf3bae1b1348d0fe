"""Work plans over time: lifecycle, continuity, the plan as it stood, what changed, and the
meeting's progress report. The records here are example data, not Bali Process facts."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.api_client import API, auth, token_for
from tests.factories import (
    MeetingFactory,
    PriorityFactory,
    UserFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)
from tests.html_text import texts
from workplan.models import Priority, PriorityUpdate, WorkPlan
from workplan.services import record_priority_update

pytestmark = pytest.mark.django_db

D = datetime.date


def example_group(priorities=3):
    """Two plans of one example working group: 2016–17, adopted at a first meeting and
    reviewed at a second, then 2018–19, whose first priority continues the first one's."""
    group = WorkingGroupFactory(name="Example Working Group")
    first = MeetingFactory(
        working_group=group,
        title="Example First Meeting",
        slug="example-first-meeting",
        start_date=D(2016, 5, 16),
        end_date=D(2016, 5, 19),
    )
    second = MeetingFactory(
        working_group=group,
        title="Example Second Meeting",
        slug="example-second-meeting",
        start_date=D(2017, 6, 5),
        end_date=D(2017, 6, 7),
    )
    third = MeetingFactory(
        working_group=group,
        title="Example Third Meeting",
        slug="example-third-meeting",
        start_date=D(2018, 5, 10),
        end_date=D(2018, 5, 11),
    )
    plan = WorkPlanFactory(
        working_group=group,
        title="Example Work Plan 2016–17",
        slug="example-2016-17",
        start_year=2016,
        adopted_at=first,
    )
    plan.reviewed_at.add(second)
    later = WorkPlanFactory(
        working_group=group,
        title="Example Work Plan 2018–19",
        slug="example-2018-19",
        start_year=2018,
        adopted_at=third,
    )
    for order in range(1, priorities + 1):
        priority = PriorityFactory(
            workplan=plan, order=order, slug=f"p{order}", title=f"Example priority {order}"
        )
        adopt(priority, D(2016, 5, 19), first)
    return plan, later, (first, second, third)


def adopt(priority, day, meeting=None, progress=None):
    return record_priority_update(
        priority=priority,
        status="not_started",
        progress=progress,
        as_of=day,
        meeting=meeting,
        note="Adopted.",
        first_entry=True,
    )


def move(plan, order, day, **change):
    return record_priority_update(priority=plan.priorities.get(order=order), as_of=day, **change)


def with_history(plan, meetings):
    """Priority 1 moves at the second meeting; priority 2 is completed before it."""
    _, second, _ = meetings
    completed = move(plan, 2, D(2017, 1, 10), status="completed", note="Guide published.")
    started = move(plan, 1, D(2017, 6, 7), status="in_progress", progress=40, meeting=second)
    return completed, started


def every_priority_moves(plan):
    for priority in plan.priorities.all():
        record_priority_update(
            priority=priority, status="in_progress", progress=10, as_of=D(2017, 1, 10)
        )


# Lifecycle


def test_it_refuses_two_plans_of_one_group_in_force_on_the_same_day():
    plan = WorkPlanFactory(title="Example Work Plan 2016–17", start_year=2016)
    clash = WorkPlan(
        working_group=plan.working_group,
        title="Example Work Plan 2017–18",
        slug="example-2017-18",
        start_date=D(2017, 1, 1),
        end_date=D(2018, 12, 31),
    )

    with pytest.raises(ValidationError) as refused:
        clash.full_clean()

    assert refused.value.message_dict == {
        "start_date": [
            "Example Work Plan 2016–17 of the same working group is in force from 1 January "
            "2016 to 31 December 2017: two plans cannot be in force on the same day. Change "
            "the periods, or mark the earlier plan as superseded by the later one."
        ]
    }


def test_it_lets_a_later_plan_supersede_an_earlier_one():
    plan = WorkPlanFactory(start_year=2016)
    successor = WorkPlanFactory(
        working_group=plan.working_group, start_date=D(2017, 1, 1), end_date=D(2018, 12, 31)
    )
    plan.superseded_by = successor
    plan.full_clean()
    plan.save()

    successor.full_clean()

    assert [plan.state_on(D(2016, 6, 1)), plan.state_on(D(2017, 6, 1))] == [
        "in_force",
        "superseded",
    ]


def test_it_shows_the_plan_in_force_today_as_the_current_plan(client):
    today = datetime.date.today()
    WorkPlanFactory(title="Example Work Plan 2016–17", start_year=2016)
    plan = WorkPlanFactory(
        title="Example Work Plan in force",
        start_date=today.replace(month=1, day=1),
        end_date=today.replace(year=today.year + 1, month=12, day=31),
    )

    html = client.get("/").content.decode()

    assert texts(html, "h1") == ["Example Work Plan in force at a glance"]
    assert texts(html, "p.eyebrow") == [f"{plan.working_group.name} · current work plan"]
    assert texts(html, "p.notice") == []


def test_it_shows_each_plan_period_and_state_on_the_list(client):
    plan, later, _ = example_group()

    html = client.get("/work-plans/").content.decode()

    assert texts(html, "h2") == [later.title, plan.title]
    assert [t for t in texts(html, "dd") if "covers" in t or t in {"Ended", "In force"}] == [
        "covers 2018–19 (1 January 2018 – 31 December 2019)",
        "Ended",
        "covers 2016–17 (1 January 2016 – 31 December 2017)",
        "Ended",
    ]


def test_it_publishes_the_lifecycle_in_the_api(client):
    plan, _, (first, second, _) = example_group()

    body = client.get(f"{API}workplans/{plan.pk}/").json()

    assert {key: body[key] for key in ("start_date", "end_date", "state", "period")} == {
        "start_date": "2016-01-01",
        "end_date": "2017-12-31",
        "state": "ended",
        "period": "2016–17",
    }
    assert (body["superseded_by"], body["reviewed_at"], body["adopted_at"]) == (
        None,
        [second.pk],
        first.pk,
    )


# Continuity


def test_it_shows_continuity_both_ways_on_priority_and_plan_pages(client):
    plan, later, (_, _, third) = example_group()
    earlier = plan.priorities.get(order=1)
    carried = PriorityFactory(workplan=later, order=2, slug="carried", continues=earlier)
    carried.full_clean()
    adopt(carried, third.end_date, third)

    earlier_page = client.get(earlier.get_absolute_url()).content.decode()
    later_page = client.get(carried.get_absolute_url()).content.decode()
    later_plan = client.get(later.get_absolute_url()).content.decode()
    api = client.get(f"{API}priorities/{earlier.pk}/").json()

    assert texts(earlier_page, "p.continuity") == [
        "Continued as priority 2 of Example Work Plan 2018–19"
    ]
    assert texts(later_page, "p.continuity") == [
        "Continues priority 1 of Example Work Plan 2016–17"
    ]
    assert texts(later_plan, "p.continuity") == [
        "Continues priority 1 of Example Work Plan 2016–17"
    ]
    assert f'href="{earlier.get_absolute_url()}"' in later_page
    assert (api["continues"], api["continued_by"]) == (None, [carried.pk])


def test_it_refuses_to_continue_a_priority_of_another_group():
    _, later, _ = example_group()
    other = PriorityFactory(workplan__start_year=2014)
    carried = PriorityFactory(workplan=later, continues=other)

    with pytest.raises(ValidationError) as refused:
        carried.full_clean()

    assert refused.value.message_dict == {
        "continues": ["A priority continues a priority of the same working group."]
    }


# Back-dated entries


def test_it_places_a_back_dated_admin_entry_at_its_date_and_keeps_the_newer_state(client):
    plan, _, meetings = example_group()
    with_history(plan, meetings)
    priority = plan.priorities.get(order=1)
    client.force_login(UserFactory(groups=["Secretariat"]))
    change = reverse("admin:workplan_priority_change", args=[priority.pk])

    response = client.post(
        change,
        {
            "workplan": plan.pk,
            "order": 1,
            "title": priority.title,
            "slug": priority.slug,
            "description": "",
            "status": "in_progress",
            "initial-status": "in_progress",
            "progress": "10",
            "initial-progress": "40",
            "note": "Reported late: first steps taken.",
            "as_of": "2016-11-30",
            "lead_organisation": "",
            "lead_member": "",
            "target_date": "",
        },
    )

    priority.refresh_from_db()
    assert response.status_code == 302
    assert (priority.status, priority.progress) == ("in_progress", 40)
    assert [(u.as_of, u.change_display) for u in priority.updates.timeline()] == [
        (D(2017, 6, 7), "Not started, progress not reported → In progress 40%"),
        (D(2016, 11, 30), "Not started, progress not reported → In progress 10%"),
        (D(2016, 5, 19), "Not started, progress not reported"),
    ]
    page = client.get(priority.get_absolute_url()).content.decode()
    assert [t.split(" ")[0:3] for t in texts(page, "p.update__date")] == [
        ["7", "June", "2017"],
        ["30", "November", "2016"],
        ["19", "May", "2016"],
    ]


def test_it_refuses_an_admin_entry_dated_before_the_plan_was_adopted(client):
    plan, _, _ = example_group()
    priority = plan.priorities.get(order=1)
    client.force_login(UserFactory(groups=["Secretariat"]))

    response = client.post(
        reverse("admin:workplan_priority_change", args=[priority.pk]),
        {
            "workplan": plan.pk,
            "order": 1,
            "title": priority.title,
            "slug": priority.slug,
            "status": "in_progress",
            "initial-status": "not_started",
            "progress": "10",
            "initial-progress": "",
            "as_of": "2016-01-05",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "as_of": ["The date cannot be before the plan was adopted, on 19 May 2016."]
    }
    assert priority.updates.count() == 1


def test_it_takes_a_back_dated_patch_and_a_progress_not_reported(client):
    plan, _, meetings = example_group()
    with_history(plan, meetings)
    priority = plan.priorities.get(order=3)
    token = token_for(UserFactory(groups=["Secretariat"]))

    back = client.patch(
        f"{API}priorities/{priority.pk}/",
        {"status": "in_progress", "progress": None, "as_of": "2017-02-01", "note": "Begun."},
        content_type="application/json",
        headers=auth(token),
    )

    assert (back.status_code, back.json()["status"], back.json()["progress"]) == (
        200,
        "in_progress",
        None,
    )
    entry = priority.updates.timeline().first()
    assert (entry.as_of, entry.new_status, entry.new_progress) == (
        D(2017, 2, 1),
        "in_progress",
        None,
    )


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("19/05/2016", "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."),
        ("2999-01-01", "The date cannot be in the future."),
        ("2016-01-05", "The date cannot be before the plan was adopted, on 19 May 2016."),
    ],
)
def test_it_refuses_a_bad_as_of_in_a_patch_naming_it(client, as_of, message):
    plan, _, _ = example_group()
    priority = plan.priorities.get(order=1)

    response = client.patch(
        f"{API}priorities/{priority.pk}/",
        {"status": "in_progress", "as_of": as_of},
        content_type="application/json",
        headers=auth(token_for(UserFactory(groups=["Secretariat"]))),
    )

    assert (response.status_code, response.json()["errors"]) == (400, {"as_of": [message]})
    assert priority.updates.count() == 1


# The plan as it stood


def test_it_shows_every_priority_as_adopted_on_the_adoption_day(client):
    plan, _, meetings = example_group()
    with_history(plan, meetings)

    html = client.get(f"{plan.get_absolute_url()}?as_of=2016-05-19").content.decode()
    at_meeting = client.get(f"{plan.get_absolute_url()}?at_meeting=example-first-meeting")

    assert texts(html, "div.priority__state") == ["Not started Not reported"] * 3
    assert texts(html, "p.past-state") == [
        "This page shows the plan as it stood at the end of 19 May 2016: a past state, not "
        "today's. See the plan today."
    ]
    assert texts(at_meeting.content, "div.priority__state") == ["Not started Not reported"] * 3
    assert texts(at_meeting.content, "p.past-state") == [
        "This page shows the plan as it stood at the end of 19 May 2016, the last day of "
        "Example First Meeting: a past state, not today's. See the plan today."
    ]


def test_it_shows_the_plan_at_a_meeting_with_its_roll_up(client):
    plan, _, meetings = example_group()
    with_history(plan, meetings)

    html = client.get(f"{plan.get_absolute_url()}?at_meeting=example-second-meeting")
    html = html.content.decode()

    assert texts(html, "div.priority__state") == [
        "In progress 40 %",
        "Completed 100 %",
        "Not started Not reported",
    ]
    assert texts(html, "p.summary__how") == [
        "How it is worked out: Mean of 2 priorities with reported progress; 1 not reported; "
        "cancelled priorities are left out."
    ]
    assert texts(html, "p.summary__figure") == ["70 %"]


def test_it_leaves_out_priorities_adopted_later_and_says_a_plan_not_yet_adopted_is_empty(
    client,
):
    plan, _, meetings = example_group(priorities=2)
    late = PriorityFactory(workplan=plan, order=3, slug="late", title="Example late priority")
    adopt(late, D(2017, 6, 7), meetings[1])

    before_late = client.get(f"{plan.get_absolute_url()}?as_of=2017-01-01").content.decode()
    before_adoption = client.get(f"{plan.get_absolute_url()}?as_of=2016-03-01")

    assert texts(before_late, "h3.priority__title") == [
        "1 Example priority 1",
        "2 Example priority 2",
    ]
    assert texts(before_adoption.content, "p.empty-plan") == [
        "On 1 March 2016 the plan had not been adopted yet: it was adopted on 19 May 2016, "
        "so it had no priorities then."
    ]


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("as_of=19-05-2016", "as_of", "Enter a date as YYYY-MM-DD."),
        ("as_of=2999-01-01", "as_of", "The date cannot be in the future."),
    ],
)
def test_it_answers_a_bad_date_with_a_400_page_naming_the_parameter(
    client, query, parameter, message
):
    plan, _, _ = example_group()

    response = client.get(f"{plan.get_absolute_url()}?{query}")
    api = client.get(f"{API}priorities/?{query}")

    assert response.status_code == 400
    assert texts(response.content, "h1") == ["Bad request"]
    assert texts(response.content, "ul.bad-request") == [f"{parameter}: {message}"]
    assert (api.status_code, api.json()["errors"]) == (400, {parameter: [message]})


def test_it_says_no_meeting_has_the_slug_on_the_page_and_finds_nothing_in_the_api(client):
    plan, _, _ = example_group()

    response = client.get(f"{plan.get_absolute_url()}?at_meeting=no-such-meeting")
    api = client.get(f"{API}priorities/?at_meeting=no-such-meeting")

    assert response.status_code == 400
    assert texts(response.content, "ul.bad-request") == [
        "at_meeting: No meeting has the slug 'no-such-meeting'."
    ]
    assert (api.status_code, api.json()["results"]) == (200, [])


def test_it_lists_priorities_as_of_a_day_in_the_api(client):
    plan, _, meetings = example_group()
    with_history(plan, meetings)

    then = client.get(f"{API}priorities/?as_of=2017-03-01").json()["results"]
    adopted = client.get(f"{API}priorities/?as_of=2016-05-18").json()["results"]
    completed = client.get(f"{API}priorities/?as_of=2017-03-01&status=completed").json()

    assert [(p["order"], p["status"], p["progress"]) for p in then] == [
        (1, "not_started", None),
        (2, "completed", 100),
        (3, "not_started", None),
    ]
    assert adopted == []
    assert [p["order"] for p in completed["results"]] == [2]


# What changed


def test_it_lists_exactly_the_updates_between_two_dates(client):
    plan, _, meetings = example_group()
    completed, _ = with_history(plan, meetings)

    body = client.get(f"{API}workplans/{plan.pk}/changes/?from=2016-05-19&to=2017-03-01").json()
    page = client.get(
        f"/work-plans/{plan.slug}/changes/?from=2016-05-19&to=example-second-meeting"
    ).content.decode()

    assert [
        (p["order"], p["state_from"], p["state_to"], p["movement"], p["what_moved"])
        for p in body["priorities"]
    ] == [
        (
            1,
            {"status": "not_started", "progress": None},
            {"status": "not_started", "progress": None},
            "unchanged",
            "Unchanged",
        ),
        (
            2,
            {"status": "not_started", "progress": None},
            {"status": "completed", "progress": 100},
            "moved",
            "Status changed: Not started → Completed; progress first reported: 100%",
        ),
        (
            3,
            {"status": "not_started", "progress": None},
            {"status": "not_started", "progress": None},
            "unchanged",
            "Unchanged",
        ),
    ]
    assert [u["id"] for p in body["priorities"] for u in p["updates"]] == [completed.pk]
    assert (body["from"], body["to"]) == ("2016-05-19", "2017-03-01")
    assert texts(page, "td.change__moved") == [
        "Status changed: Not started → In progress; progress first reported: 40%",
        "Status changed: Not started → Completed; progress first reported: 100%",
        "Unchanged",
    ]


def test_it_reports_progress_moving_in_points():
    plan, _, _ = example_group()
    move(plan, 1, D(2016, 9, 1), status="in_progress", progress=20)
    move(plan, 1, D(2017, 2, 1), progress=55)

    changes = plan.changes(D(2016, 10, 1), D(2017, 3, 1))

    assert [(p.order, str(p.movement), p.movement.progress_points) for p in changes.priorities] == [
        (1, "Progress +35 points", 35),
        (2, "Unchanged", None),
        (3, "Unchanged", None),
    ]


def test_it_writes_the_changes_as_csv(client):
    plan, _, meetings = example_group()
    with_history(plan, meetings)

    response = client.get(f"/work-plans/{plan.slug}/changes.csv?from=2016-05-19&to=2017-03-01")

    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Order,Priority,From,Status at start")
    assert rows[2].split(",")[:10] == [
        "2",
        "Example priority 2",
        "2016-05-19",
        "Not started",
        "",
        "2017-03-01",
        "Completed",
        "100",
        "Status changed: Not started → Completed; progress first reported: 100%",
        "",
    ]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("from=2017-13-01", {"from": ["Enter a date as YYYY-MM-DD."]}),
        ("to=2999-01-01", {"to": ["The date cannot be in the future."]}),
        ("from=2017-03-01&to=2016-06-01", {"from": ["The start cannot be after the end."]}),
        ("since=2017-01-01", {"since": ["Unknown parameter."]}),
    ],
)
def test_it_refuses_bad_changes_parameters_naming_them(client, query, errors):
    plan, _, _ = example_group()

    response = client.get(f"{API}workplans/{plan.pk}/changes/?{query}")

    assert (response.status_code, response.json()["errors"]) == (400, errors)


def test_it_compares_from_the_last_meeting_to_today_by_default(client):
    plan, _, meetings = example_group()
    with_history(plan, meetings)

    body = client.get(f"{API}workplans/{plan.pk}/changes/").json()

    assert (body["from"], body["to"]) == ("2018-05-11", datetime.date.today().isoformat())


# The meeting's progress report


def test_it_reports_progress_at_a_meeting_since_the_previous_one(client):
    plan, _, meetings = example_group()
    with_history(plan, meetings)

    html = client.get("/meetings/example-second-meeting/report/").content.decode()

    assert texts(html, "h1") == ["Progress report to Example Second Meeting"]
    assert texts(html, "h2") == [
        "Progress against Example Work Plan 2016–17 since Example First Meeting"
    ]
    assert texts(html, "td.change__moved") == [
        "Status changed: Not started → In progress; progress first reported: 40%",
        "Status changed: Not started → Completed; progress first reported: 100%",
        "Unchanged",
    ]
    assert texts(html, "dl.roll-ups") == [
        "Overall progress at 19 May 2016 Not reported (No priority has reported progress yet; "
        "none is counted as zero.) Overall progress at 7 Jun 2017 70 % (Mean of 2 priorities "
        "with reported progress; 1 not reported; cancelled priorities are left out.)"
    ]


def test_it_prints_the_report_as_a_pdf_that_agrees_with_the_page(client):
    pypdf = pytest.importorskip("pypdf")
    plan, _, meetings = example_group()
    with_history(plan, meetings)

    page = client.get("/meetings/example-second-meeting/report/")
    pdf = client.get("/meetings/example-second-meeting/report.pdf")

    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    expected = [
        "Progress report to Example Second Meeting",
        "Progress against Example Work Plan 2016–17 since Example First Meeting",
        *(f"{n}. Example priority {n}" for n in (1, 2, 3)),
        *texts(page.content, "td.change__moved"),
    ]
    assert [phrase for phrase in expected if phrase not in text] == []


def test_it_links_the_report_from_the_meeting_admin_page(client):
    _, _, (_, second, _) = example_group()
    client.force_login(UserFactory(is_superuser=True))

    html = client.get(reverse("admin:meetings_meeting_change", args=[second.pk])).content.decode()

    tools = html[html.index('<ul class="object-tools">') :]
    assert re.findall(r'<a href="([^"]+)">Progress report', tools[: tools.index("</ul>")]) == [
        "/meetings/example-second-meeting/report/",
        "/meetings/example-second-meeting/report.pdf",
    ]


# Query counts: the same at one priority and at many


@pytest.mark.parametrize("rows", [1, 12])
def test_it_reads_the_as_of_page_in_the_same_number_of_queries(
    client, django_assert_num_queries, rows
):
    plan, _, _ = example_group(priorities=rows)
    every_priority_moves(plan)

    # data version, plan, its meetings reviewed, sources and plans superseded, the meeting
    # named, status counts, roll-up, priorities as of the day, the priorities continuing them
    with django_assert_num_queries(10):
        response = client.get(f"{plan.get_absolute_url()}?at_meeting=example-second-meeting")

    assert len(texts(response.content, "h3.priority__title")) == rows


@pytest.mark.parametrize("rows", [1, 12])
def test_it_reads_the_changes_in_the_same_number_of_queries(
    client, django_assert_num_queries, rows
):
    plan, _, _ = example_group(priorities=rows)
    every_priority_moves(plan)

    # data version, plan with its meetings reviewed and sources, the last meeting, priorities
    # at both ends, the entries between, their sources
    with django_assert_num_queries(7):
        api = client.get(f"{API}workplans/{plan.pk}/changes/?from=2016-05-19&to=2017-07-01")
    # data version, plan, the meeting named, priorities at both ends, the entries between,
    # their sources
    with django_assert_num_queries(6):
        page = client.get(f"/work-plans/{plan.slug}/changes/?from=example-first-meeting")

    assert (len(api.json()["priorities"]), page.status_code) == (rows, 200)


@pytest.mark.parametrize("rows", [1, 12])
def test_it_reads_the_report_in_the_same_number_of_queries(client, django_assert_num_queries, rows):
    plan, _, _ = example_group(priorities=rows)
    every_priority_moves(plan)

    # meeting, previous meeting, plans, their sources, then for each plan (two here: the
    # one in force and the one adopted later are not; the one reviewed is): priorities at
    # both ends, the entries between, their sources
    with django_assert_num_queries(8):
        response = client.get("/meetings/example-second-meeting/report/")

    assert len(texts(response.content, "td.change__moved")) == rows


def test_it_counts_priorities_as_of_a_day_in_one_query(django_assert_num_queries):
    plan, _, meetings = example_group(priorities=5)
    with_history(plan, meetings)

    with django_assert_num_queries(1):
        states = [(p.order, p.status) for p in Priority.objects.for_plan(plan).as_of(D(2017, 3, 1))]

    assert states == [
        (1, "not_started"),
        (2, "completed"),
        (3, "not_started"),
        (4, "not_started"),
        (5, "not_started"),
    ]
    assert PriorityUpdate.objects.count() == 7


def test_it_keeps_the_day_asked_when_another_parameter_is_wrong(client):
    plan, _, meetings = example_group()
    with_history(plan, meetings)

    html = client.get(f"{plan.get_absolute_url()}?as_of=2017-03-01&status=finished")
    html = html.content.decode()

    assert texts(html, "p.error") == [
        "Select a valid choice. finished is not one of the available choices."
    ]
    assert texts(html, "p.summary__figure") == ["100 %"]
    assert texts(html, "div.priority__state") == [
        "Not started Not reported",
        "Completed 100 %",
        "Not started Not reported",
    ]


@pytest.mark.parametrize("value", ["0.5", "not a slug", "2016-02-30"])
def test_it_refuses_a_point_that_is_neither_a_date_nor_a_meeting(client, value):
    plan, _, _ = example_group()

    response = client.get(f"{API}workplans/{plan.pk}/changes/", {"to": value})

    expected = (
        "Enter a date as YYYY-MM-DD."
        if value[:4].isdigit()
        else "Enter a date as YYYY-MM-DD, or a meeting's slug."
    )
    assert (response.status_code, response.json()["errors"]) == (400, {"to": [expected]})
