"""Changes reach a real receiver on loopback through the real worker, signed, once, in order."""

import datetime
import re

import pytest
from django.db import transaction
from django.urls import reverse
from standardwebhooks import Webhook

from tests.api_client import auth, token_for
from tests.factories import PriorityFactory, UserFactory
from tests.html_forms import form_data
from tests.webhooks.conftest import run_worker
from webhooks.models import Attempt, Delivery, DeliveryStatus
from workplan.services import record_priority_update

pytestmark = pytest.mark.django_db(transaction=True)


def current_priority(**fields):
    """A priority of a plan adopted in the past, so that today's updates may be recorded."""
    return PriorityFactory(
        workplan__start_date=datetime.date(2024, 1, 1),
        workplan__end_date=datetime.date(2030, 12, 31),
        **fields,
    )


def api_record(client, priority):
    return client.get(f"/api/v1/priorities/{priority.pk}/").json()


def test_it_sends_a_priority_changed_in_admin_once_signed(client, receiver, subscription):
    priority = current_priority(status="not_started", progress=0)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = reverse("admin:workplan_priority_change", args=[priority.pk])
    data = form_data(client.get(page).content.decode(), "priority_form")
    data.update(status="in_progress", progress="30", note="Drafting started.")

    response = client.post(page, data)
    run_worker()

    assert response.status_code == 302
    assert len(receiver.calls) == 1
    call = receiver.calls[0]
    payload = Webhook(subscription.secret).verify(call["body"], call["headers"])
    assert payload["type"] == "priority.updated"
    assert payload["data"] == api_record(client, priority)
    assert payload["data"]["url"] == f"http://testserver/api/v1/priorities/{priority.pk}/"
    assert (payload["data"]["status"], payload["data"]["progress"]) == ("in_progress", 30)


def test_it_sends_a_priority_changed_through_the_api_once_signed(client, receiver, subscription):
    priority = current_priority(status="not_started", progress=0)
    officer = UserFactory(groups=["Secretariat"])

    response = client.patch(
        f"/api/v1/priorities/{priority.pk}/",
        {"status": "ongoing", "note": "Now a standing activity."},
        content_type="application/json",
        headers=auth(token_for(officer)),
    )
    run_worker()

    assert response.status_code == 200
    assert len(receiver.calls) == 1
    call = receiver.calls[0]
    payload = Webhook(subscription.secret).verify(call["body"], call["headers"])
    assert payload == {
        "type": "priority.updated",
        "timestamp": payload["timestamp"],
        "data": response.json(),
    }
    delivery = Delivery.objects.get()
    assert call["headers"]["webhook-id"] == delivery.message_id
    assert call["headers"]["webhook-signature"].startswith("v1,")
    assert call["headers"]["Content-Type"] == "application/json"


def test_it_retries_a_failing_receiver_under_one_id(client, receiver, subscription, no_wait):
    priority = current_priority()
    receiver.planned = [500, 503]

    record_priority_update(priority=priority, progress=10)
    run_worker()

    delivery = Delivery.objects.get()
    assert [call["headers"]["webhook-id"] for call in receiver.calls] == [delivery.message_id] * 3
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.SUCCEEDED,
        3,
        204,
    )
    assert list(delivery.attempt_log.values_list("number", "status_code")) == [
        (1, 500),
        (2, 503),
        (3, 204),
    ]
    assert len({call["body"] for call in receiver.calls}) == 1
    client.force_login(UserFactory(is_superuser=True))
    log = client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk])).content.decode()
    assert re.findall(r'<td class="field-(number|status_code)">\s*<p>(\d+)</p>', log) == [
        ("number", "1"),
        ("status_code", "500"),
        ("number", "2"),
        ("status_code", "503"),
        ("number", "3"),
        ("status_code", "204"),
    ]


def test_it_sends_nothing_for_a_rolled_back_change(receiver, subscription):
    priority = current_priority()

    with transaction.atomic():
        record_priority_update(priority=priority, progress=90)
        transaction.set_rollback(True)
    run_worker()

    assert receiver.calls == []
    assert Delivery.objects.count() == 0


def test_it_sends_fifty_quick_changes_to_one_priority_in_order(receiver, subscription):
    priority = current_priority(progress=0)

    for progress in range(1, 51):
        record_priority_update(priority=priority, progress=progress)
    run_worker()

    assert [p["data"]["progress"] for p in receiver.payloads()] == list(range(1, 51))
    assert Delivery.objects.filter(status=DeliveryStatus.SUCCEEDED).count() == 50


def test_it_holds_later_changes_of_a_record_until_an_earlier_one_is_settled(
    receiver, subscription, no_wait
):
    priority = current_priority(progress=0)
    receiver.planned = [500, 500]

    record_priority_update(priority=priority, progress=1)
    record_priority_update(priority=priority, progress=2)
    run_worker()

    assert [p["data"]["progress"] for p in receiver.payloads()] == [1, 1, 1, 2]
    assert list(Attempt.objects.order_by("pk").values_list("delivery__record", "status_code")) == [
        (f"workplan.priority:{priority.pk}", 500),
        (f"workplan.priority:{priority.pk}", 500),
        (f"workplan.priority:{priority.pk}", 204),
        (f"workplan.priority:{priority.pk}", 204),
    ]


def test_it_refuses_a_private_target_at_delivery_without_the_setting(
    receiver, subscription, settings
):
    priority = current_priority()
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    record_priority_update(priority=priority, progress=10)
    run_worker()

    delivery = Delivery.objects.get()
    assert receiver.calls == []
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.PENDING,
        1,
        None,
    )
    assert delivery.last_error == "Refused: Use an https:// address."
