"""The one write path for status and progress, as code calls it."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PriorityFactory, UserFactory
from workplan.models import PriorityUpdate
from workplan.services import record_priority_update

pytestmark = pytest.mark.django_db


def history(priority):
    return list(
        PriorityUpdate.objects.filter(priority=priority)
        .order_by("pk")
        .values_list("old_status", "new_status", "old_progress", "new_progress", "note", "author")
    )


def test_it_changes_the_priority_and_records_one_update():
    priority = PriorityFactory()
    officer = UserFactory()

    update = record_priority_update(
        priority=priority, status="in_progress", progress=40, note="Guide drafted.", author=officer
    )

    priority.refresh_from_db()
    assert (priority.status, priority.progress) == ("in_progress", 40)
    assert history(priority) == [
        ("not_started", "in_progress", 0, 40, "Guide drafted.", officer.pk)
    ]
    assert update == PriorityUpdate.objects.get()


def test_it_writes_nothing_when_nothing_changes():
    priority = PriorityFactory(status="in_progress", progress=40)

    update = record_priority_update(priority=priority, status="in_progress", progress=40)

    assert update is None
    assert history(priority) == []


def test_it_records_a_note_without_a_change():
    priority = PriorityFactory(status="ongoing", progress=0)

    record_priority_update(priority=priority, note="Shared at the regional meeting.")

    assert history(priority) == [
        ("ongoing", "ongoing", 0, 0, "Shared at the regional meeting.", None)
    ]


def test_it_completes_at_100_percent_unless_told_otherwise():
    priority = PriorityFactory(status="in_progress", progress=60)

    record_priority_update(priority=priority, status="completed")

    assert (priority.status, priority.progress) == ("completed", 100)
    assert history(priority) == [("in_progress", "completed", 60, 100, "", None)]


def test_it_chains_updates_so_each_starts_where_the_last_ended():
    priority = PriorityFactory()

    record_priority_update(priority=priority, status="in_progress", progress=10)
    record_priority_update(priority=priority, progress=55)
    record_priority_update(priority=priority, status="completed")

    assert history(priority) == [
        ("not_started", "in_progress", 0, 10, "", None),
        ("in_progress", "in_progress", 10, 55, "", None),
        ("in_progress", "completed", 55, 100, "", None),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"progress": 150}, "progress"), ({"status": "finished"}, "status")],
)
def test_it_refuses_a_bad_value_and_writes_nothing(changes, field):
    priority = PriorityFactory(status="in_progress", progress=30)

    with pytest.raises(ValidationError) as error:
        record_priority_update(priority=priority, **changes)

    assert field in error.value.message_dict
    priority.refresh_from_db()
    assert (priority.status, priority.progress) == ("in_progress", 30)
    assert history(priority) == []
