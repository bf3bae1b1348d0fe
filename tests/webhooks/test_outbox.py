"""The outbox: one delivery per change and subscription, written with the change, never lost."""

import datetime
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from tests.factories import ForumFactory, MeetingFactory, PriorityFactory
from tests.webhooks.conftest import run_worker
from webhooks import tasks
from webhooks.events import event_type_choices
from webhooks.models import Delivery, DeliveryStatus, WebhookSubscription
from webhooks.outbox import Outbox
from workplan.services import record_priority_update

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def current_priority(**fields):
    return PriorityFactory(
        workplan__start_date=datetime.date(2024, 1, 1),
        workplan__end_date=datetime.date(2030, 12, 31),
        **fields,
    )


def subscribe(receiver, *types, **fields):
    return WebhookSubscription.objects.create(url=receiver.url, event_types=list(types), **fields)


def test_it_writes_one_delivery_per_matching_active_subscription(receiver, private_targets):
    wants = subscribe(receiver, "priority.updated")
    also_wants = subscribe(receiver, "priority.updated", "meeting.updated")
    subscribe(receiver, "meeting.updated")
    subscribe(receiver, "priority.updated", is_active=False)
    priority = current_priority()

    record_priority_update(priority=priority, progress=40)

    assert sorted(Delivery.objects.values_list("subscription", "event_type", "record")) == [
        (wants.pk, "priority.updated", f"workplan.priority:{priority.pk}"),
        (also_wants.pk, "priority.updated", f"workplan.priority:{priority.pk}"),
    ]


def test_it_sends_one_event_for_a_transaction_that_writes_a_record_several_times(
    receiver, private_targets
):
    subscribe(receiver, "priority.created", "priority.updated")
    forum = ForumFactory()

    with transaction.atomic():
        priority = current_priority(title="Draft")
        priority.title = "Regional guide"
        priority.save()
        priority.related_forums.add(forum)
    run_worker()

    assert [
        (p["type"], p["data"]["title"], p["data"]["related_forums"]) for p in receiver.payloads()
    ] == [("priority.created", "Regional guide", [forum.pk])]


def test_it_reports_a_link_changed_from_the_other_side(receiver, private_targets):
    subscribe(receiver, "priority.updated", "forum.updated")
    priority = current_priority()
    forum = ForumFactory()

    forum.priorities.add(priority)
    forum.priorities.clear()
    run_worker()

    assert [
        (p["type"], p["data"]["id"], p["data"]["related_forums"]) for p in receiver.payloads()
    ] == [
        ("priority.updated", priority.pk, [forum.pk]),
        ("priority.updated", priority.pk, []),
    ]


def test_it_tells_of_a_new_meeting_and_of_a_deletion(receiver, private_targets, client):
    subscription = subscribe(receiver, "meeting.created", "record.deleted")

    meeting = MeetingFactory()
    meeting_id = meeting.pk
    shown = client.get(f"/api/v1/meetings/{meeting_id}/").json()
    meeting.delete()
    run_worker()

    payloads = [
        Webhook(subscription.secret).verify(call["body"], call["headers"])
        for call in receiver.calls
    ]
    deletion = client.get("/api/v1/deletions/", {"resource": "meetings"}).json()["results"][0]
    assert [(p["type"], p["data"]) for p in payloads] == [
        ("meeting.created", shown),
        ("record.deleted", deletion),
    ]
    assert deletion["object_id"] == meeting_id


def test_it_loses_nothing_when_the_process_dies_after_the_commit(
    receiver, subscription, monkeypatch
):
    priority = current_priority()
    # The process dies between the commit and the hand-over to the worker.
    monkeypatch.setattr(Outbox, "__call__", lambda self: None)
    record_priority_update(priority=priority, progress=70)
    monkeypatch.undo()
    run_worker()
    assert receiver.calls == []

    # Later, the safety net written with the change comes due.
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=6))
    DBTaskResult.objects.update(run_after=timezone.now())
    run_worker()

    assert [p["data"]["progress"] for p in receiver.payloads()] == [70]
    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_it_sends_again_what_a_worker_left_half_sent(receiver, subscription):
    priority = current_priority()
    with transaction.atomic():
        record_priority_update(priority=priority, progress=5)
        # The worker claimed it, then died before the answer was recorded.
        Delivery.objects.update(
            status=DeliveryStatus.SENDING,
            attempts=1,
            last_attempt_at=timezone.now() - timedelta(minutes=10),
        )

    tasks.housekeeping(force=True)
    run_worker()

    delivery = Delivery.objects.get()
    assert len(receiver.calls) == 1
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 2)


def test_it_switches_off_a_subscription_that_failed_for_three_days(
    receiver, subscription, no_wait, monkeypatch
):
    monkeypatch.setattr(tasks, "MAX_ATTEMPTS", 1)
    first_failure = timezone.now() - timedelta(days=3, minutes=1)
    WebhookSubscription.objects.update(failing_since=first_failure)
    receiver.planned = [500, 500]
    first, second = current_priority(), current_priority()

    record_priority_update(priority=first, progress=10)
    record_priority_update(priority=second, progress=10)
    run_worker()

    subscription.refresh_from_db()
    assert len(receiver.calls) == 1
    assert subscription.is_active is False
    assert "no call had succeeded since" in subscription.disabled_reason
    assert subscription.disabled_reason.endswith("Last answer: 500.")
    assert sorted(Delivery.objects.values_list("status", "last_error")) == [
        (DeliveryStatus.FAILED, ""),
        (DeliveryStatus.FAILED, "Not sent: the subscription is switched off."),
    ]


def test_a_success_ends_a_failing_streak(receiver, subscription):
    WebhookSubscription.objects.update(failing_since=timezone.now() - timedelta(days=1))

    record_priority_update(priority=current_priority(), progress=10)
    run_worker()

    subscription.refresh_from_db()
    assert (subscription.is_active, subscription.failing_since) == (True, None)


def test_it_prunes_old_successful_deliveries_only(receiver, subscription, settings):
    settings.WEBHOOK_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    kept = {}
    for status, created_at in [
        (DeliveryStatus.SUCCEEDED, old),
        (DeliveryStatus.FAILED, old),
        (DeliveryStatus.SUCCEEDED, timezone.now() - timedelta(days=29)),
    ]:
        delivery = subscription.deliveries.create(
            message_id=Delivery.new_message_id(),
            event_type="priority.updated",
            record="workplan.priority:1",
            body="{}",
            status=status,
            created_at=created_at,
        )
        kept[delivery.pk] = (status, created_at)

    pruned = tasks.prune(timezone.now())

    assert pruned == 1
    assert sorted(Delivery.objects.values_list("pk", flat=True)) == sorted(kept)[1:]


def webhook_queries(captured):
    """The statements of the outbox: on its own tables and the task queue's."""
    return [
        " ".join(query["sql"].split()[:3])
        for query in captured
        if "webhooks_" in query["sql"] or "django_tasks_" in query["sql"]
    ]


def test_it_costs_a_write_one_query_when_no_one_subscribes():
    priority = current_priority()

    with CaptureQueriesContext(connection) as captured:
        record_priority_update(priority=priority, progress=10)

    assert webhook_queries(captured) == [
        'SELECT "webhooks_webhooksubscription"."id", "webhooks_webhooksubscription"."url",'
    ]


def test_it_writes_one_row_per_subscriber_and_hands_each_over_after_commit(private_targets):
    for _ in range(3):
        WebhookSubscription.objects.create(
            url="http://127.0.0.1:9/", event_types=["priority.updated"]
        )
    priority = current_priority()

    with CaptureQueriesContext(connection) as captured:
        record_priority_update(priority=priority, progress=10)

    assert webhook_queries(captured) == [
        # the active subscriptions, once per transaction
        'SELECT "webhooks_webhooksubscription"."id", "webhooks_webhooksubscription"."url",',
        # the three deliveries, in one statement
        'INSERT INTO "webhooks_delivery"',
        # the safety net, in the same transaction
        'INSERT INTO "django_tasks_database_dbtaskresult"',
        # after the commit: one task per delivery
        'INSERT INTO "django_tasks_database_dbtaskresult"',
        'INSERT INTO "django_tasks_database_dbtaskresult"',
        'INSERT INTO "django_tasks_database_dbtaskresult"',
    ]


def test_it_tells_no_one_of_records_loaded_from_files(receiver, private_targets):
    subscribe(receiver, *(name for name, _ in event_type_choices()))

    call_command("loaddata", *sorted(str(path) for path in FIXTURES.glob("*.json")), verbosity=0)

    assert list(Delivery.objects.all()) == []
