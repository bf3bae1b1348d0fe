"""The work plan resources of the REST API: work plans, priorities, their updates, and the
secretariat's PATCH."""

import datetime

import pytest
from django.utils import timezone

from tests.api_client import API, absolute, auth, ids, token_for
from tests.factories import (
    ForumFactory,
    MemberFactory,
    OrganisationFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    UserFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)
from workplan.models import Priority, PriorityUpdate

pytestmark = pytest.mark.django_db

ADOPTED = datetime.date(2016, 5, 19)


def priority_payload(priority):
    forums = sorted(priority.related_forums.values_list("pk", flat=True))
    groups = sorted(priority.related_working_groups.values_list("pk", flat=True))
    org, member = priority.lead_organisation_id, priority.lead_member_id
    later = sorted(priority.continued_by.values_list("pk", flat=True))
    return {
        "id": priority.pk,
        "slug": priority.slug,
        "url": absolute(f"{API}priorities/{priority.pk}/"),
        "workplan": priority.workplan_id,
        "workplan_url": absolute(f"{API}workplans/{priority.workplan_id}/"),
        "order": priority.order,
        "title": priority.title,
        "description": priority.description,
        "status": priority.status,
        "progress": priority.progress,
        "lead_organisation": org,
        "lead_organisation_url": org and absolute(f"{API}organisations/{org}/"),
        "lead_member": member,
        "lead_member_url": member and absolute(f"{API}members/{member}/"),
        "target_date": priority.target_date and priority.target_date.isoformat(),
        "related_forums": forums,
        "related_forums_urls": [absolute(f"{API}forums/{pk}/") for pk in forums],
        "related_working_groups": groups,
        "related_working_groups_urls": [absolute(f"{API}working-groups/{pk}/") for pk in groups],
        "continues": priority.continues_id,
        "continues_url": priority.continues_id
        and absolute(f"{API}priorities/{priority.continues_id}/"),
        "continued_by": later,
        "continued_by_urls": [absolute(f"{API}priorities/{pk}/") for pk in later],
        "updated_at": priority.updated_at.astimezone(timezone.get_current_timezone()).isoformat(),
    }


def test_it_lists_priorities_with_related_ids_and_urls(client):
    priority = PriorityFactory(
        lead_organisation=OrganisationFactory(),
        target_date=datetime.date(2026, 6, 30),
        description="Share guides.",
    )
    priority.related_forums.add(ForumFactory())
    priority.related_working_groups.add(WorkingGroupFactory())
    priority.refresh_from_db()

    response = client.get(f"{API}priorities/")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [priority_payload(priority)],
    }


def test_it_shows_one_priority(client):
    priority = PriorityFactory(lead_member=MemberFactory())

    response = client.get(f"{API}priorities/{priority.pk}/")

    assert response.json() == priority_payload(priority)


@pytest.mark.parametrize("rows", [1, 4])
def test_it_lists_priorities_in_constant_queries(client, django_assert_num_queries, rows):
    plan = WorkPlanFactory()
    for _ in range(rows):
        priority = PriorityFactory(workplan=plan, lead_organisation=OrganisationFactory())
        priority.related_forums.add(ForumFactory())
        priority.related_working_groups.add(WorkingGroupFactory())

    # The data version, the count, the page, the related forums, working groups and the
    # priorities that continue them.
    with django_assert_num_queries(6):
        response = client.get(f"{API}priorities/")

    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_progress", ["a"]),
        ("status=in_progress&status=completed", ["a", "b"]),
        ("status=in_progress,completed", ["a", "b"]),
        ("progress_min=50", ["b", "c"]),
        ("progress_min=50&progress_max=90", ["c"]),
        ("lead=lead-agency", ["a"]),
        ("lead=lead-state", ["a", "c"]),
        ("search=TRAFFICKING", ["b"]),
        ("ordering=-progress", ["b", "c", "a"]),
        ("ordering=status,-order", ["b", "a", "c"]),
    ],
)
def test_it_filters_priorities(client, query, expected):
    state = MemberFactory(slug="lead-state")
    plan = WorkPlanFactory()
    PriorityFactory(
        workplan=plan,
        order=1,
        slug="a",
        status="in_progress",
        progress=10,
        lead_organisation=OrganisationFactory(slug="lead-agency", member=state),
    )
    PriorityFactory(
        workplan=plan,
        order=2,
        slug="b",
        title="Trafficking guide",
        status="completed",
        progress=100,
    )
    PriorityFactory(
        workplan=plan, order=3, slug="c", status="ongoing", progress=60, lead_member=state
    )

    response = client.get(f"{API}priorities/?{query}")

    assert [record["slug"] for record in response.json()["results"]] == expected


def test_it_filters_priorities_by_plan_and_working_group(client):
    group = WorkingGroupFactory()
    plan = WorkPlanFactory(working_group=group)
    first = PriorityFactory(workplan=plan)
    PriorityFactory()

    by_plan = client.get(f"{API}priorities/?workplan={plan.pk}")
    by_group = client.get(f"{API}priorities/?working_group={group.pk}")
    by_missing_plan = client.get(f"{API}priorities/?workplan=999999")

    assert ids(by_plan) == [first.pk]
    assert ids(by_group) == [first.pk]
    assert by_missing_plan.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_it_filters_priorities_changed_since(client):
    old = PriorityFactory()
    Priority.objects.filter(pk=old.pk).update(
        updated_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    new = PriorityFactory()

    response = client.get(f"{API}priorities/?updated_since=2021-01-01T00:00:00Z")

    assert ids(response) == [new.pk]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=finished", "status"),
        ("status=in_progress,finished", "status"),
        ("workplan=first", "workplan"),
        ("working_group=1.5", "working_group"),
        ("lead=not a slug", "lead"),
        ("progress_min=150", "progress_min"),
        ("progress_max=-1", "progress_max"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2024-13-01", "updated_since"),
        ("ordering=colour", "ordering"),
        ("stauts=completed", "stauts"),
        ("page=0", "page"),
        ("page_size=many", "page_size"),
    ],
)
def test_it_rejects_a_bad_parameter_naming_it(client, query, parameter):
    response = client.get(f"{API}priorities/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [parameter]
    assert body["detail"] == f"Invalid {parameter}."


def test_it_lists_work_plans(client):
    plan = WorkPlanFactory(title="Work Plan 2016–17", start_year=2016, end_year=2017)

    response = client.get(f"{API}workplans/")

    assert response.json()["results"] == [
        {
            "id": plan.pk,
            "slug": plan.slug,
            "url": absolute(f"{API}workplans/{plan.pk}/"),
            "title": "Work Plan 2016–17",
            "working_group": plan.working_group_id,
            "working_group_url": absolute(f"{API}working-groups/{plan.working_group_id}/"),
            "start_date": "2016-01-01",
            "end_date": "2017-12-31",
            "start_year": 2016,
            "end_year": 2017,
            "period": "2016–17",
            "state": "ended",
            "adopted_at": None,
            "adopted_at_url": None,
            "superseded_by": None,
            "superseded_by_url": None,
            "reviewed_at": [],
            "reviewed_at_urls": [],
            "summary": "",
            "sources": [],
            "updated_at": plan.updated_at.astimezone(timezone.get_current_timezone()).isoformat(),
        }
    ]


@pytest.mark.parametrize("rows", [1, 3])
def test_it_lists_work_plans_and_updates_in_constant_queries(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        PriorityUpdateFactory(priority=PriorityFactory())

    # The data version, the count, the page, and the plans' meetings reviewed and sources.
    with django_assert_num_queries(5):
        plans = client.get(f"{API}workplans/")
    # The data version, the count, the page and the updates' sources.
    with django_assert_num_queries(4):
        updates = client.get(f"{API}priority-updates/")

    assert (plans.json()["count"], updates.json()["count"]) == (rows, rows)


def test_it_lists_priority_updates_filtered_by_priority_and_date(client):
    priority = PriorityFactory()
    early = PriorityUpdateFactory(
        priority=priority,
        new_status="in_progress",
        new_progress=20,
        note="Started.",
        recorded_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
    )
    late = PriorityUpdateFactory(
        priority=priority, recorded_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    )
    PriorityUpdateFactory()

    by_priority = client.get(f"{API}priority-updates/?priority={priority.pk}")
    since = client.get(f"{API}priority-updates/?priority={priority.pk}&recorded_since=2025-01-01")
    before = client.get(f"{API}priority-updates/?recorded_before=2025-01-01")

    assert ids(by_priority) == [late.pk, early.pk]
    assert ids(since) == [late.pk]
    assert before.json()["results"] == [
        {
            "id": early.pk,
            "url": absolute(f"{API}priority-updates/{early.pk}/"),
            "priority": priority.pk,
            "priority_url": absolute(f"{API}priorities/{priority.pk}/"),
            "action_item": None,
            "action_item_url": None,
            "old_status": "",
            "new_status": "in_progress",
            "old_progress": None,
            "new_progress": 20,
            "note": "Started.",
            "as_of": "2024-03-01",
            "recorded_at": "2024-03-01T07:00:00+07:00",
            "meeting": None,
            "meeting_url": None,
            "sources": [],
            "updated_at": early.updated_at.astimezone(timezone.get_current_timezone()).isoformat(),
        }
    ]


# Writes: PATCH /api/v1/priorities/{id}/


def secretariat_token():
    return token_for(UserFactory(groups=["Secretariat"]))


def test_it_lets_the_secretariat_patch_a_priority_through_the_service(client):
    officer = UserFactory(groups=["Secretariat"])
    priority = PriorityFactory(status="not_started", progress=0)
    adoption = PriorityUpdateFactory(priority=priority, new_progress=0, as_of=ADOPTED)

    response = client.patch(
        f"{API}priorities/{priority.pk}/",
        {"status": "in_progress", "progress": 40, "note": "Guide drafted."},
        content_type="application/json",
        headers=auth(token_for(officer)),
    )

    priority.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == priority_payload(priority)
    assert (priority.status, priority.progress) == ("in_progress", 40)
    assert list(
        PriorityUpdate.objects.exclude(pk=adoption.pk).values_list(
            "priority", "old_status", "new_status", "old_progress", "new_progress", "note", "author"
        )
    ) == [(priority.pk, "not_started", "in_progress", 0, 40, "Guide drafted.", officer.pk)]


def test_it_lets_a_user_allowed_to_change_priorities_patch(client):
    from django.contrib.auth.models import Permission

    editor = UserFactory()
    editor.user_permissions.add(Permission.objects.get(codename="change_priority"))
    priority = PriorityFactory()

    response = client.patch(
        f"{API}priorities/{priority.pk}/",
        {"status": "completed"},
        content_type="application/json",
        headers=auth(token_for(editor)),
    )

    assert (response.status_code, response.json()["status"], response.json()["progress"]) == (
        200,
        "completed",
        100,
    )


@pytest.mark.parametrize(
    ("headers", "status", "detail"),
    [
        ({}, 401, "Authentication credentials were not provided."),
        ({"authorization": "Token not-a-real-token"}, 401, "Invalid token."),
        ("viewer", 403, "Only the secretariat may change priorities."),
    ],
)
def test_it_refuses_a_patch_from_anyone_but_the_secretariat(client, headers, status, detail):
    priority = PriorityFactory(status="not_started")
    if headers == "viewer":
        headers = auth(token_for(UserFactory(groups=["Viewers"])))

    response = client.patch(
        f"{API}priorities/{priority.pk}/",
        {"status": "completed"},
        content_type="application/json",
        headers=headers,
    )

    priority.refresh_from_db()
    assert (response.status_code, response.json()) == (status, {"detail": detail})
    assert priority.status == "not_started"
    assert PriorityUpdate.objects.count() == 0
    if status == 401:
        assert response["WWW-Authenticate"] == "Token"


def test_it_refuses_a_bad_token_even_for_a_read(client):
    response = client.get(f"{API}priorities/", headers={"authorization": "Token nope"})

    assert (response.status_code, response.json()) == (401, {"detail": "Invalid token."})


def test_it_lets_a_token_read(client):
    priority = PriorityFactory()

    response = client.get(
        f"{API}priorities/", headers=auth(token_for(UserFactory(groups=["Viewers"])))
    )

    assert ids(response) == [priority.pk]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"progress": 150}, {"progress": ["Ensure this value is less than or equal to 100."]}),
        ({"progress": -1}, {"progress": ["Ensure this value is greater than or equal to 0."]}),
        ({"status": "finished"}, {"status": ['"finished" is not a valid choice.']}),
        ({"title": "New title"}, {"title": ["Not a field that can be changed."]}),
    ],
)
def test_it_rejects_a_bad_patch_naming_the_field(client, body, errors):
    priority = PriorityFactory(progress=10)

    response = client.patch(
        f"{API}priorities/{priority.pk}/",
        body,
        content_type="application/json",
        headers=auth(secretariat_token()),
    )

    priority.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert (priority.progress, PriorityUpdate.objects.count()) == (10, 0)


def test_it_answers_a_patch_to_a_missing_priority_with_404(client):
    response = client.patch(
        f"{API}priorities/999999/",
        {"status": "completed"},
        content_type="application/json",
        headers=auth(secretariat_token()),
    )

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "No Priority matches the given query."},
    )
