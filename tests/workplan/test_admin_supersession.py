"""A later plan that replaces one still in force is recorded in the admin in one step."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import UserFactory, WorkingGroupFactory, WorkPlanFactory
from workplan.models import PlanState, WorkPlan

pytestmark = pytest.mark.django_db

ADD = reverse("admin:workplan_workplan_add")


@pytest.fixture
def officer(client):
    user = UserFactory(is_superuser=True, groups=["Secretariat"])
    client.force_login(user)
    return user


def new_plan_form(group, **fields):
    return {
        "working_group": group.pk,
        "title": "Example Work Plan 2026–27",
        "slug": "example-work-plan-2026-27",
        "start_date": "2026-07-01",
        "end_date": "2027-12-31",
        "summary": "",
        "priorities-TOTAL_FORMS": "0",
        "priorities-INITIAL_FORMS": "0",
        "WorkPlan_sources-TOTAL_FORMS": "0",
        "WorkPlan_sources-INITIAL_FORMS": "0",
        **fields,
    }


@pytest.fixture
def plan_in_force():
    return WorkPlanFactory(
        working_group=WorkingGroupFactory(),
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )


def test_it_refuses_a_second_plan_in_force_on_the_same_days(client, officer, plan_in_force):
    response = client.post(ADD, new_plan_form(plan_in_force.working_group))

    assert response.status_code == 200
    assert "two plans cannot be in force on the same day" in response.content.decode()
    assert list(WorkPlan.objects.all()) == [plan_in_force]


def test_it_records_a_plan_that_supersedes_one_in_force(client, officer, plan_in_force):
    response = client.post(
        ADD, new_plan_form(plan_in_force.working_group, supersedes=[plan_in_force.pk])
    )

    assert response.status_code == 302
    successor = WorkPlan.objects.get(slug="example-work-plan-2026-27")
    plan_in_force.refresh_from_db()
    assert plan_in_force.superseded_by == successor
    assert plan_in_force.in_force_until == datetime.date(2026, 6, 30)
    assert plan_in_force.state_on(datetime.date(2026, 8, 1)) == PlanState.SUPERSEDED
    assert successor.state_on(datetime.date(2026, 8, 1)) == PlanState.IN_FORCE


def test_it_refuses_to_supersede_a_later_plan(client, officer, plan_in_force):
    later = WorkPlanFactory(
        working_group=plan_in_force.working_group,
        start_date=datetime.date(2028, 1, 1),
        end_date=datetime.date(2029, 12, 31),
    )

    response = client.post(
        ADD,
        new_plan_form(
            plan_in_force.working_group,
            start_date="2024-01-01",
            end_date="2025-12-31",
            supersedes=[later.pk],
        ),
    )

    assert response.status_code == 200
    assert "a plan supersedes an earlier plan of the same working group" in (
        response.content.decode()
    )
    later.refresh_from_db()
    assert later.superseded_by is None
