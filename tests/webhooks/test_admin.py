"""The secretariat's side: subscriptions with a secret shown once, and the delivery log."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.html_forms import form_data
from tests.webhooks.conftest import run_worker
from webhooks.models import Delivery, DeliveryStatus, WebhookSubscription

SUBSCRIPTIONS = reverse("admin:webhooks_webhooksubscription_changelist")
ADD = reverse("admin:webhooks_webhooksubscription_add")
DELIVERIES = reverse("admin:webhooks_delivery_changelist")


@pytest.fixture
def officer(client):
    user = UserFactory(username="amara", groups=["Secretariat"])
    client.force_login(user)
    return user


def make_delivery(subscription, status, **fields):
    return subscription.deliveries.create(
        message_id=Delivery.new_message_id(),
        event_type="priority.updated",
        record="workplan.priority:7",
        body='{"type": "priority.updated"}',
        status=status,
        **fields,
    )


@pytest.mark.django_db
def test_it_shows_the_secret_once_when_the_secretariat_adds_a_subscription(
    client, officer, private_targets
):
    response = client.post(
        ADD,
        {
            "url": "https://10.0.0.8/hooks",
            "description": "IOM dashboard",
            "event_types": ["priority.updated", "record.deleted"],
            "is_active": "on",
        },
    )

    subscription = WebhookSubscription.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r"whsec_[A-Za-z0-9+/=]+", page) == [subscription.secret]
    assert "no-store" in response["Cache-Control"]
    assert subscription.event_types == ["priority.updated", "record.deleted"]
    change = client.get(
        reverse("admin:webhooks_webhooksubscription_change", args=[subscription.pk])
    )
    assert change.status_code == 200
    assert "whsec_" not in change.content.decode()
    assert "whsec_" not in client.get(SUBSCRIPTIONS).content.decode()


@pytest.mark.django_db
def test_it_refuses_a_private_target_in_the_form_without_the_setting(client, officer):
    response = client.post(
        ADD,
        {"url": "https://127.0.0.1/hooks", "event_types": ["priority.updated"], "is_active": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "url": [
            "127.0.0.1 resolves to 127.0.0.1, a private, loopback, link-local or otherwise "
            "internal address: webhooks only go to public addresses."
        ]
    }
    assert WebhookSubscription.objects.count() == 0


@pytest.mark.django_db
def test_it_rotates_a_secret_and_shows_the_new_one_once(client, officer, private_targets):
    subscription = WebhookSubscription.objects.create(
        url="https://10.0.0.8/hooks", event_types=["priority.updated"]
    )
    old = subscription.secret

    response = client.post(
        SUBSCRIPTIONS, {"action": "rotate_secret", ACTION_CHECKBOX_NAME: [subscription.pk]}
    )

    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.previous_secret == old
    assert re.findall(r"whsec_[A-Za-z0-9+/=]+", response.content.decode()) == [subscription.secret]


@pytest.mark.django_db
def test_it_lists_why_a_subscription_was_switched_off(client, officer, private_targets):
    WebhookSubscription.objects.create(
        url="https://10.0.0.8/hooks",
        event_types=["priority.updated"],
        is_active=False,
        disabled_reason="Switched off on 4 Dec 2026 09:00: no call had succeeded since …",
    )

    page = client.get(SUBSCRIPTIONS).content.decode()

    assert "Switched off on 4 Dec 2026 09:00: no call had succeeded since …" in page


@pytest.mark.django_db
def test_the_log_lists_and_filters_deliveries_by_subscription_and_status(
    client, officer, private_targets
):
    one = WebhookSubscription.objects.create(
        url="https://10.0.0.8/a", event_types=["priority.updated"]
    )
    two = WebhookSubscription.objects.create(
        url="https://10.0.0.9/b", event_types=["priority.updated"]
    )
    failed = make_delivery(
        one, DeliveryStatus.FAILED, attempts=8, last_status_code=502, last_duration_ms=87
    )
    make_delivery(one, DeliveryStatus.SUCCEEDED, attempts=1, last_status_code=204)
    other = make_delivery(two, DeliveryStatus.FAILED, attempts=8, last_status_code=500)

    everything = client.get(DELIVERIES)
    by_status = client.get(DELIVERIES, {"status__exact": "failed"})
    by_both = client.get(DELIVERIES, {"status__exact": "failed", "subscription__id__exact": one.pk})

    assert everything.status_code == 200
    assert [d.pk for d in everything.context["cl"].result_list] == sorted(
        Delivery.objects.values_list("pk", flat=True), reverse=True
    )
    assert [d.pk for d in by_status.context["cl"].result_list] == [other.pk, failed.pk]
    assert [d.pk for d in by_both.context["cl"].result_list] == [failed.pk]
    page = by_both.content.decode()
    assert failed.message_id in page
    assert re.findall(r'<td class="field-(status|attempts|last_\w+)">([^<]*)</td>', page) == [
        ("status", "Failed"),
        ("attempts", "8"),
        ("last_status_code", "502"),
        ("last_duration_ms", "87"),
    ]


@pytest.mark.django_db
def test_viewers_read_the_log_but_cannot_redeliver(client, private_targets):
    client.force_login(UserFactory(username="reader", groups=["Viewers"]))
    subscription = WebhookSubscription.objects.create(
        url="https://10.0.0.8/a", event_types=["priority.updated"]
    )
    delivery = make_delivery(subscription, DeliveryStatus.FAILED)

    response = client.get(DELIVERIES)
    client.post(DELIVERIES, {"action": "redeliver_selected", ACTION_CHECKBOX_NAME: [delivery.pk]})

    assert response.status_code == 200
    assert "redeliver_selected" not in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_it_redelivers_the_selected_deliveries_under_the_same_id(client, receiver, private_targets):
    client.force_login(UserFactory(username="admin", is_superuser=True))
    subscription = WebhookSubscription.objects.create(
        url=receiver.url, event_types=["priority.updated"]
    )
    failed = make_delivery(subscription, DeliveryStatus.FAILED, attempts=8, last_status_code=500)
    delivered = make_delivery(subscription, DeliveryStatus.SUCCEEDED, attempts=1)

    response = client.post(
        DELIVERIES,
        {"action": "redeliver_selected", ACTION_CHECKBOX_NAME: [failed.pk, delivered.pk]},
        follow=True,
    )
    run_worker()

    assert "2 deliveries queued again." in response.content.decode()
    assert [call["headers"]["webhook-id"] for call in receiver.calls] == [
        failed.message_id,
        delivered.message_id,
    ]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.attempts_this_round) == (
        DeliveryStatus.SUCCEEDED,
        9,
        1,
    )


@pytest.mark.django_db
def test_it_edits_a_subscription_through_its_form_and_keeps_the_secret(
    client, officer, private_targets
):
    subscription = WebhookSubscription.objects.create(
        url="https://10.0.0.8/hooks", event_types=["meeting.created", "record.deleted"]
    )
    page = reverse("admin:webhooks_webhooksubscription_change", args=[subscription.pk])
    data = form_data(client.get(page).content.decode(), "webhooksubscription_form")
    data["description"] = "ASEAN secretariat"

    response = client.post(page, data)

    saved = WebhookSubscription.objects.get()
    assert response.status_code == 302
    assert data["event_types"] == ["meeting.created", "record.deleted"]
    assert (saved.description, saved.event_types, saved.secret) == (
        "ASEAN secretariat",
        ["meeting.created", "record.deleted"],
        subscription.secret,
    )


@pytest.mark.django_db
def test_switching_a_subscription_on_again_clears_why_it_was_off(client, officer, private_targets):
    subscription = WebhookSubscription.objects.create(
        url="https://10.0.0.8/hooks",
        event_types=["priority.updated"],
        is_active=False,
        failing_since=timezone.now(),
        disabled_reason="Switched off on …",
    )
    page = reverse("admin:webhooks_webhooksubscription_change", args=[subscription.pk])
    data = form_data(client.get(page).content.decode(), "webhooksubscription_form")
    data["is_active"] = "on"

    client.post(page, data)

    subscription.refresh_from_db()
    assert (subscription.is_active, subscription.failing_since, subscription.disabled_reason) == (
        True,
        None,
        "",
    )
