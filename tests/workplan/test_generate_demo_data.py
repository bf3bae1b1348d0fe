import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Member, Organisation, Process, WorkingGroup
from sync import versions
from workplan.models import ActionItem, Priority, PriorityUpdate, WorkPlan

pytestmark = pytest.mark.django_db

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"

DEMO_MODELS = [
    PriorityUpdate,
    ActionItem,
    Priority,
    WorkPlan,
    Presentation,
    Participant,
    Forum,
    Meeting,
    WorkingGroup,
    Organisation,
    Member,
    Process,
]


def generate(priorities, seed=1):
    out = io.StringIO()
    call_command("generate_demo_data", priorities=priorities, seed=seed, stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "plans": list(WorkPlan.objects.values_list("slug", "title", "start_date", "end_date")),
        "priorities": list(
            Priority.objects.values_list(
                "workplan__slug", "order", "title", "status", "progress", "lead_organisation__slug"
            )
        ),
        "updates": list(
            PriorityUpdate.objects.order_by(
                "priority__workplan__slug", "priority__order", "pk"
            ).values_list("new_status", "new_progress", "as_of", "recorded_at")
        ),
        "forums": list(Forum.objects.values_list("slug", "title", "kind", "participants_total")),
        "participants": Participant.objects.count(),
        "presentations": Presentation.objects.count(),
    }


def test_it_adds_the_number_of_priorities_asked_in_plans_of_fifty():
    output = generate(120)

    assert sorted(WorkPlan.objects.values_list("slug", flat=True)) == [
        "demo-work-plan-1",
        "demo-work-plan-2",
        "demo-work-plan-3",
    ]
    assert [plan.priorities.count() for plan in WorkPlan.objects.order_by("slug")] == [50, 50, 20]
    assert output.startswith("Added demo data: 44 members, 82 organisations, 3 working groups")


def test_it_makes_the_same_data_from_the_same_seed():
    generate(60, seed=7)
    first = snapshot()
    for model in DEMO_MODELS:
        model.objects.all().delete()

    generate(60, seed=7)

    assert snapshot() == first


def test_it_makes_other_data_from_another_seed():
    generate(60, seed=7)
    first = snapshot()
    for model in DEMO_MODELS:
        model.objects.all().delete()

    generate(60, seed=8)

    assert snapshot()["priorities"] != first["priorities"]


def test_it_adds_to_the_real_records_without_touching_them():
    call_command("loaddata", *sorted(FIXTURES_DIR.glob("*.json")), verbosity=0)
    real = {model: list(model.objects.values()) for model in DEMO_MODELS}

    generate(60)

    for model, rows in real.items():
        assert list(model.objects.filter(pk__in=[row["id"] for row in rows]).values()) == rows
    assert WorkPlan.objects.latest().slug == "work-plan-2016-17"


def test_it_marks_every_title_as_demo():
    generate(60)

    titles = [
        *WorkPlan.objects.values_list("title", flat=True),
        *Priority.objects.values_list("title", flat=True),
        *ActionItem.objects.values_list("title", flat=True),
        *Meeting.objects.values_list("title", flat=True),
        *Forum.objects.values_list("title", flat=True),
        *Member.objects.values_list("name", flat=True),
        *Organisation.objects.values_list("name", flat=True),
        *WorkingGroup.objects.values_list("name", flat=True),
    ]
    assert [title for title in titles if not title.startswith("Demo")] == []


def test_it_gives_each_priority_a_history_ending_in_its_present_state():
    generate(60)

    for priority in Priority.objects.all():
        history = list(priority.updates.own().timeline())[::-1]
        assert (history[0].old_status, history[0].new_status) == ("", "not_started")
        assert history[0].as_of == priority.workplan.adopted_on
        assert (history[-1].new_status, history[-1].new_progress) == (
            priority.status,
            priority.progress,
        )
        assert 2 <= len(history) <= 4


def test_it_gives_each_priority_one_or_two_action_items_with_leads_and_histories():
    generate(60)

    counts = [p.action_items.count() for p in Priority.objects.all()]
    assert set(counts) == {1, 2}
    for item in ActionItem.objects.prefetch_related("lead_members", "lead_organisations"):
        history = list(item.updates.timeline())[::-1]
        assert 1 <= len(item.leads) <= 2
        assert len(history) == (1 if item.status == "not_started" else 2)
        assert (history[0].old_status, history[0].new_status) == ("", "not_started")
        assert (history[-1].new_status, history[-1].new_progress) == (item.status, item.progress)
        assert {entry.priority_id for entry in history} == {item.priority_id}


def test_it_makes_successive_plans_with_continuities_and_back_dated_entries():
    generate(1000)

    group = WorkPlan.objects.order_by("pk").first().working_group
    plans = list(group.work_plans.order_by("start_date"))
    continued = Priority.objects.filter(continues__isnull=False).select_related(
        "workplan", "continues__workplan"
    )
    back_dated = PriorityUpdate.objects.filter(recorded_at__date__gt=F("as_of"))

    assert [(p.start_date.year, p.end_date.year) for p in plans] == [(2011, 2012), (2013, 2014)]
    assert [p.state for p in plans] == ["ended", "ended"]
    assert list(plans[0].reviewed_at.all()) == [plans[1].adopted_at]
    assert continued.exists()
    assert {
        (p.workplan.working_group_id, p.continues.workplan.working_group_id) for p in continued
    } == {(g, g) for g in WorkPlan.objects.values_list("working_group", flat=True).distinct()}
    assert all(p.continues.workplan.start_date < p.workplan.start_date for p in continued)
    assert back_dated.exists()
    for plan in WorkPlan.objects.all():
        assert plan.overlapping_plan() is None


def test_it_keeps_individual_names_out():
    generate(60)

    assert list(Participant.objects.exclude(individual_names="")) == []
    assert Participant.objects.count() > 0


def test_it_raises_the_data_version_once():
    before = versions.data_version()

    generate(60)

    assert versions.data_version() == before + 1


def test_it_refuses_to_add_demo_data_twice():
    generate(10)

    with pytest.raises(CommandError, match="already present"):
        generate(10)

    assert Priority.objects.count() == 10
