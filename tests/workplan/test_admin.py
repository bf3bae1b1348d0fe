"""The secretariat's work-plan pages: every change of status or progress leaves one entry."""

import pytest
from django.urls import reverse

from tests.factories import (
    OrganisationFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    UserFactory,
    WorkPlanFactory,
)
from tests.officers import SECOND_FACTOR_QUERIES
from workplan.models import Priority, PriorityUpdate
from workplan.services import record_priority_update

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:workplan_priority_changelist")


@pytest.fixture
def officer(client):
    user = UserFactory(
        username="amara", first_name="Amara", last_name="Perera", groups=["Secretariat"]
    )
    client.force_login(user)
    return user


def history(priority):
    return list(
        PriorityUpdate.objects.filter(priority=priority)
        .order_by("pk")
        .values_list("old_status", "new_status", "old_progress", "new_progress", "note", "author")
    )


def state(priority):
    priority.refresh_from_db()
    return (priority.status, priority.progress)


def change_form_data(priority, **changes):
    """The change form as the page posts it, loaded with the priority's current values."""
    data = {
        "workplan": priority.workplan_id,
        "order": priority.order,
        "title": priority.title,
        "slug": priority.slug,
        "description": priority.description,
        "status": priority.status,
        "initial-status": priority.status,
        "progress": "" if priority.progress is None else priority.progress,
        "initial-progress": "" if priority.progress is None else priority.progress,
        "note": "",
        "lead_organisation": priority.lead_organisation_id or "",
        "lead_member": priority.lead_member_id or "",
        "target_date": "",
    }
    return {**data, **changes}


def list_edit_data(priorities, changes):
    """The priority list's editable columns, as loaded, with some rows edited."""
    data = {
        "form-TOTAL_FORMS": len(priorities),
        "form-INITIAL_FORMS": len(priorities),
        "_save": "Save",
    }
    for index, priority in enumerate(priorities):
        data[f"form-{index}-id"] = priority.pk
        for name in ("status", "progress"):
            value = getattr(priority, name)
            data[f"form-{index}-{name}"] = changes.get(priority.pk, {}).get(name, value)
            data[f"initial-form-{index}-{name}"] = value
    return data


def change_url(priority):
    return reverse("admin:workplan_priority_change", args=[priority.pk])


def test_it_changes_the_status_from_the_change_page_with_one_update_on_the_timeline(
    client, officer
):
    priority = PriorityFactory(title="Policy guides")

    response = client.post(
        change_url(priority),
        change_form_data(
            priority, status="in_progress", progress=30, note="Guide translated into Thai."
        ),
    )

    assert response.status_code == 302
    assert state(priority) == ("in_progress", 30)
    assert history(priority) == [
        ("not_started", "in_progress", 0, 30, "Guide translated into Thai.", officer.pk)
    ]
    page = client.get(change_url(priority))
    assert [(u.author, u.change_display, u.note) for u in page.context["timeline"]] == [
        (officer, "Not started 0% → In progress 30%", "Guide translated into Thai.")
    ]
    assert "Amara Perera" in page.content.decode()


def test_it_changes_the_status_from_the_list_with_one_update(client, officer):
    edited, untouched = PriorityFactory(), PriorityFactory()

    response = client.post(
        CHANGELIST,
        list_edit_data([edited, untouched], {edited.pk: {"status": "in_progress", "progress": 20}}),
    )

    assert response.status_code == 302
    assert (state(edited), state(untouched)) == (("in_progress", 20), ("not_started", 0))
    assert history(edited) == [("not_started", "in_progress", 0, 20, "", officer.pk)]
    assert history(untouched) == []


def test_it_completes_at_100_percent_when_only_the_status_changes(client, officer):
    priority = PriorityFactory(status="in_progress", progress=60)

    client.post(change_url(priority), change_form_data(priority, status="completed"))

    assert history(priority) == [("in_progress", "completed", 60, 100, "", officer.pk)]


def test_it_writes_nothing_when_the_form_changes_nothing(client, officer):
    priority = PriorityFactory(status="in_progress", progress=40)

    response = client.post(change_url(priority), change_form_data(priority))

    assert response.status_code == 302
    assert history(priority) == []


def test_it_saves_other_fields_without_a_history_entry(client, officer):
    priority = PriorityFactory(status="in_progress", progress=40)
    lead = OrganisationFactory()

    client.post(
        change_url(priority),
        change_form_data(priority, title="Guides, renamed", lead_organisation=lead.pk),
    )

    priority.refresh_from_db()
    assert (priority.title, priority.lead_organisation, priority.status, priority.progress) == (
        "Guides, renamed",
        lead,
        "in_progress",
        40,
    )
    assert history(priority) == []


def test_it_records_a_note_on_its_own(client, officer):
    priority = PriorityFactory(status="ongoing", progress=0)

    client.post(change_url(priority), change_form_data(priority, note="Shared in Bangkok."))

    assert history(priority) == [("ongoing", "ongoing", 0, 0, "Shared in Bangkok.", officer.pk)]


def test_it_records_the_first_state_of_a_new_priority(client, officer):
    plan = WorkPlanFactory()

    response = client.post(
        reverse("admin:workplan_priority_add"),
        {
            "workplan": plan.pk,
            "order": 1,
            "title": "Policy guides",
            "slug": "policy-guides",
            "status": "in_progress",
            "initial-status": "not_started",
            "progress": 10,
            "initial-progress": 0,
            "note": "Added after the annual meeting.",
        },
    )

    assert response.status_code == 302
    priority = Priority.objects.get()
    assert state(priority) == ("in_progress", 10)
    assert history(priority) == [
        ("", "in_progress", None, 10, "Added after the annual meeting.", officer.pk)
    ]


def test_it_tells_the_second_officer_of_a_stale_change_form_and_keeps_the_first_change(
    client, officer
):
    priority = PriorityFactory()
    stale_form = change_form_data(priority, status="completed", progress=100)
    first = UserFactory(groups=["Secretariat"])

    record_priority_update(priority=priority, status="in_progress", progress=50, author=first)

    response = client.post(change_url(priority), stale_form)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "status": [
            "While you were editing, someone else changed this priority to “In progress 50%”. "
            "Your change was not saved: check the latest values (and the timeline), then "
            "save again."
        ]
    }
    assert state(priority) == ("in_progress", 50)
    assert history(priority) == [("not_started", "in_progress", 0, 50, "", first.pk)]
    # The page shown again is loaded with today's values: saving it again applies the change.
    again = {**stale_form, "initial-status": "in_progress", "initial-progress": "50"}
    assert 'name="initial-status" value="in_progress"' in response.content.decode()
    client.post(change_url(priority), again)
    assert history(priority)[-1] == ("in_progress", "completed", 50, 100, "", officer.pk)


def test_it_tells_the_second_officer_of_a_stale_list_edit(client, officer):
    priority = PriorityFactory()
    stale = list_edit_data([priority], {priority.pk: {"status": "completed", "progress": 100}})
    first = UserFactory(groups=["Secretariat"])

    record_priority_update(priority=priority, status="in_progress", progress=50, author=first)

    response = client.post(CHANGELIST, stale)

    assert response.status_code == 200
    assert [form.errors for form in response.context["cl"].formset.forms] == [
        {
            "status": [
                "While you were editing, someone else changed this priority to “In progress "
                "50%”. Your change was not saved: check the latest values (and the timeline), "
                "then save again."
            ]
        }
    ]
    assert state(priority) == ("in_progress", 50)
    assert history(priority) == [("not_started", "in_progress", 0, 50, "", first.pk)]


def test_it_leaves_alone_a_row_the_second_officer_did_not_touch(client, officer):
    edited, other = PriorityFactory(), PriorityFactory()
    stale = list_edit_data([edited, other], {edited.pk: {"progress": 10}})
    first = UserFactory(groups=["Secretariat"])

    record_priority_update(priority=other, status="in_progress", progress=50, author=first)

    client.post(CHANGELIST, stale)

    assert (state(edited), state(other)) == (("not_started", 10), ("in_progress", 50))
    assert history(other) == [("not_started", "in_progress", 0, 50, "", first.pk)]


def test_it_marks_three_priorities_completed_in_bulk_with_three_updates(client, officer):
    priorities = [PriorityFactory(status="in_progress", progress=p) for p in (10, 50, 90)]
    already = PriorityFactory(status="completed", progress=100)

    response = client.post(
        CHANGELIST,
        {
            "action": "mark_completed",
            "_selected_action": [p.pk for p in [*priorities, already]],
            "index": 0,
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "3 priorities marked as completed. 1 already was."
    ]
    assert sorted(
        PriorityUpdate.objects.values_list(
            "priority", "old_status", "new_status", "old_progress", "new_progress", "author"
        )
    ) == [(p.pk, "in_progress", "completed", p.progress, 100, officer.pk) for p in priorities]


def test_it_marks_priorities_in_progress_in_bulk(client, officer):
    priorities = [PriorityFactory(), PriorityFactory(status="completed", progress=100)]

    client.post(
        CHANGELIST,
        {"action": "mark_in_progress", "_selected_action": [p.pk for p in priorities], "index": 0},
    )

    assert [state(p) for p in priorities] == [("in_progress", 0), ("in_progress", 100)]
    assert [history(p) for p in priorities] == [
        [("not_started", "in_progress", 0, 0, "", officer.pk)],
        [("completed", "in_progress", 100, 100, "", officer.pk)],
    ]


def test_it_shows_the_timeline_newest_first_with_author_and_note(client, officer):
    priority = PriorityFactory()
    PriorityUpdateFactory(
        priority=priority,
        new_status="not_started",
        new_progress=0,
        recorded_at="2016-05-19T12:00:00+07:00",
    )
    PriorityUpdateFactory(
        priority=priority,
        old_status="not_started",
        old_progress=0,
        new_status="in_progress",
        new_progress=40,
        note="Workshop held.",
        author=officer,
        recorded_at="2017-03-01T09:30:00+07:00",
    )

    response = client.get(change_url(priority))

    rows = [
        (u.recorded_at.isoformat(), u.author, u.change_display, u.note)
        for u in response.context["timeline"]
    ]
    assert rows == [
        (
            "2017-03-01T02:30:00+00:00",
            officer,
            "Not started 0% → In progress 40%",
            "Workshop held.",
        ),
        ("2016-05-19T05:00:00+00:00", None, "Not started 0%", ""),
    ]
    html = response.content.decode()
    assert html.index("1 March 2017, 09:30") < html.index("19 May 2016, 12:00")
    assert "From the sources" in html


def test_it_keeps_the_history_read_only_even_for_a_superuser(client):
    client.force_login(UserFactory(is_superuser=True))
    update = PriorityUpdateFactory(note="Adopted.")
    url = reverse("admin:workplan_priorityupdate_change", args=[update.pk])

    responses = [
        client.get(reverse("admin:workplan_priorityupdate_add")).status_code,
        client.get(url).status_code,
        client.post(url, {"note": "Rewritten."}).status_code,
        client.post(
            reverse("admin:workplan_priorityupdate_delete", args=[update.pk]), {"post": "yes"}
        ).status_code,
    ]

    assert responses == [403, 200, 403, 403]
    update.refresh_from_db()
    assert update.note == "Adopted."


def test_it_edits_priorities_inside_their_work_plan_but_not_their_status(client, officer):
    priority = PriorityFactory(status="in_progress", progress=40)

    response = client.get(reverse("admin:workplan_workplan_change", args=[priority.workplan_id]))

    inline = response.context["inline_admin_formsets"][0]
    assert (inline.opts.model, list(inline.readonly_fields)) == (Priority, ["status", "progress"])
    assert "priorities-0-status" not in response.content.decode()


def priorities_for_list(count):
    plan = WorkPlanFactory()
    for _ in range(count):
        priority = PriorityFactory(workplan=plan, lead_organisation=OrganisationFactory())
        PriorityUpdateFactory(priority=priority)


@pytest.mark.parametrize("rows", [1, 5])
def test_it_lists_priorities_in_the_same_number_of_queries_for_any_number(
    client, officer, django_assert_num_queries, rows
):
    priorities_for_list(rows)

    # Session, user, user's permissions, group permissions, count, full count, the
    # priorities with plan, leads and last update, the work plans and working groups
    # for the filters.
    with django_assert_num_queries(9 + SECOND_FACTOR_QUERIES):
        response = client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_it_lists_work_plans_in_the_same_number_of_queries_for_any_number(
    client, officer, django_assert_num_queries, rows
):
    for _ in range(rows):
        priorities_for_list(2)

    # Session, user, permissions (2), count, full count, the plans with their counts,
    # the working groups for the filter, and the first and last dates and the years for
    # the date hierarchy.
    with django_assert_num_queries(10 + SECOND_FACTOR_QUERIES):
        response = client.get(reverse("admin:workplan_workplan_changelist"))

    assert [p.priority_count for p in response.context["cl"].result_list] == [2] * rows


@pytest.mark.parametrize("rows", [1, 5])
def test_it_lists_the_history_in_the_same_number_of_queries_for_any_number(
    client, officer, django_assert_num_queries, rows
):
    priorities_for_list(rows)

    # Session, user, permissions (2), the work plans for the filter, count, full count,
    # the updates with their priority and author, the first and last dates and the days
    # for the date hierarchy.
    with django_assert_num_queries(10 + SECOND_FACTOR_QUERIES):
        response = client.get(reverse("admin:workplan_priorityupdate_changelist"))

    assert len(response.context["cl"].result_list) == rows
