"""Subscriptions: their secret, their rotation, and where they may send."""

import base64
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from standardwebhooks import Webhook

from webhooks import checks, targets
from webhooks.events import event_types
from webhooks.models import WebhookSubscription
from webhooks.tasks import headers

pytestmark = pytest.mark.django_db

PUBLIC = ("93.184.215.14",)


@pytest.fixture
def resolves_to(monkeypatch):
    """Name resolution as the test says, for any host."""

    def set_addresses(*addresses):
        monkeypatch.setattr(targets, "resolve_host", lambda host, port: addresses)

    return set_addresses


def url_errors(url):
    subscription = WebhookSubscription(url=url, event_types=["priority.updated"])
    try:
        subscription.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_it_makes_a_secret_when_created_that_the_library_accepts():
    subscription = WebhookSubscription.objects.create(
        url="https://partner.example/hook", event_types=["priority.updated"]
    )

    assert subscription.secret.startswith("whsec_")
    assert len(base64.b64decode(subscription.secret.removeprefix("whsec_"))) == 32
    Webhook(subscription.secret)
    other = WebhookSubscription.objects.create(
        url="https://partner.example/hook", event_types=["priority.updated"]
    )
    assert other.secret != subscription.secret


def test_its_event_types_name_every_type_and_refuse_others(resolves_to):
    resolves_to(*PUBLIC)
    field = WebhookSubscription._meta.get_field("event_types")
    subscription = WebhookSubscription(
        url="https://partner.example/hook", event_types=["priority.updated", "priority.moved"]
    )

    with pytest.raises(ValidationError) as refused:
        subscription.full_clean()

    assert [name for name, _ in field.choices] == event_types()
    assert event_types() == [
        "meeting.created",
        "meeting.updated",
        "forum.created",
        "forum.updated",
        "workplan.created",
        "workplan.updated",
        "priority.created",
        "priority.updated",
        "action_item.created",
        "action_item.updated",
        "record.deleted",
    ]
    assert refused.value.message_dict == {
        "event_types": ["Unknown event type: ['priority.moved']."]
    }


def test_it_accepts_an_https_target_on_a_public_address(resolves_to):
    resolves_to(*PUBLIC)

    assert url_errors("https://partner.example/hooks/tracker") == {}


@pytest.mark.parametrize(
    ("url", "addresses"),
    [
        ("https://internal.example/hook", ("10.1.2.3",)),
        ("https://internal.example/hook", ("192.168.0.10",)),
        ("https://localhost/hook", ("127.0.0.1", "::1")),
        ("https://metadata.example/latest", ("169.254.169.254",)),
        ("https://metadata.example/latest", ("fd00:ec2::254",)),
        ("https://cgnat.example/hook", ("100.100.100.200",)),
        ("https://mapped.example/hook", ("::ffff:127.0.0.1",)),
        ("https://half.example/hook", ("93.184.215.14", "10.0.0.1")),
        ("https://0.0.0.0/hook", ("0.0.0.0",)),
    ],
)
def test_it_refuses_a_target_on_an_internal_address(resolves_to, url, addresses):
    resolves_to(*addresses)

    errors = url_errors(url)

    assert list(errors) == ["url"]
    assert "webhooks only go to public addresses" in errors["url"][0]


def test_it_refuses_plain_http_and_credentials_in_the_address(resolves_to):
    resolves_to(*PUBLIC)

    assert url_errors("http://partner.example/hook") == {"url": ["Use an https:// address."]}
    assert url_errors("https://me:pw@partner.example/hook") == {
        "url": ["Put no user name or password in the address."]
    }


def test_it_allows_private_and_plain_http_targets_with_the_setting(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True

    assert url_errors("http://127.0.0.1:8080/hook") == {}
    assert url_errors("https://10.0.0.5/hook") == {}


def test_it_signs_with_both_secrets_during_the_grace_period_after_a_rotation():
    subscription = WebhookSubscription.objects.create(
        url="https://partner.example/hook", event_types=["priority.updated"]
    )
    old = subscription.secret
    delivery = subscription.deliveries.create(
        message_id="msg_1", event_type="priority.updated", record="workplan.priority:1", body="{}"
    )

    new = subscription.rotate_secret()
    now = timezone.now()
    during = headers(delivery, now)
    after = headers(delivery, now + timedelta(hours=25))

    assert new != old
    assert Webhook(new).verify("{}", during) == {}
    assert Webhook(old).verify("{}", during) == {}
    assert len(during["webhook-signature"].split(" ")) == 2
    assert len(after["webhook-signature"].split(" ")) == 1


def test_it_connects_to_the_checked_address_and_names_the_host(receiver):
    port = receiver.server.server_port
    connection = targets.PinnedHTTPConnection("partner.example", port, "127.0.0.1")

    connection.request("POST", "/hook", body=b"{}", headers={"Content-Type": "application/json"})
    status = connection.getresponse().status
    connection.close()

    assert status == 204
    assert receiver.calls[0]["headers"]["Host"] == f"partner.example:{port}"


@pytest.mark.parametrize(
    ("site_url", "errors"),
    [
        ("https://workplan.example.org", []),
        ("http://127.0.0.1:8000", []),
        ("workplan.example.org", ["webhooks.E001"]),
        ("https://workplan.example.org/tracker", ["webhooks.E001"]),
    ],
)
def test_it_checks_the_site_address_that_event_urls_are_built_on(settings, site_url, errors):
    settings.SITE_URL = site_url

    assert [error.id for error in checks.site_url(None)] == errors
