"""The call itself: timeouts, no redirects, a short excerpt, the address checked each time."""

import json
import logging
from datetime import UTC, datetime

import pytest

from tests.webhooks.conftest import Answer
from webhooks import targets
from webhooks.models import WebhookSubscription
from webhooks.tasks import call, headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(receiver, private_targets):
    subscription = WebhookSubscription.objects.create(
        url=receiver.url, event_types=["priority.updated"]
    )
    return subscription.deliveries.create(
        message_id="msg_0123",
        event_type="priority.updated",
        record="workplan.priority:1",
        body=json.dumps({"type": "priority.updated", "data": {"id": 1}}),
        attempts=1,
    )


def post(receiver, **kwargs):
    return targets.post(receiver.url, "{}", {"Content-Type": "application/json"}, **kwargs)


def test_it_gives_up_on_a_receiver_that_answers_too_slowly(receiver, monkeypatch):
    monkeypatch.setattr(targets, "READ_TIMEOUT", 0.3)
    receiver.planned = [Answer(204, delay=1)]

    answer = post(receiver, allow_private=True)

    assert (answer.status_code, answer.error, answer.ok) == (None, "Timed out.", False)
    assert answer.duration_ms < 1000


def test_it_does_not_follow_a_redirect(receiver):
    receiver.planned = [Answer(307, headers={"Location": receiver.url + "&moved=1"})]

    answer = post(receiver, allow_private=True)

    assert (answer.status_code, answer.ok) == (307, False)
    assert len(receiver.calls) == 1


def test_it_keeps_only_a_short_excerpt_of_the_answer(receiver):
    receiver.planned = [Answer(500, body=b"x" * 100_000)]

    answer = post(receiver, allow_private=True)

    assert (answer.status_code, answer.excerpt) == (500, "x" * 500)


def test_it_reports_a_refused_connection(receiver):
    receiver.server.shutdown()
    receiver.server.server_close()

    answer = post(receiver, allow_private=True)

    assert answer.status_code is None
    assert answer.error.startswith("ConnectionRefusedError")


def test_it_checks_the_address_again_before_each_call(receiver, monkeypatch):
    """A name that resolved to a public address when saved may point inside later."""
    monkeypatch.setattr(targets, "resolve_host", lambda host, port: ("127.0.0.1",))
    url = receiver.url.replace("http://", "https://")

    answer = targets.post(url, "{}", {}, allow_private=False)

    assert receiver.calls == []
    assert answer.error == (
        "Refused: 127.0.0.1 resolves to 127.0.0.1, a private, loopback, link-local or "
        "otherwise internal address: webhooks only go to public addresses."
    )


def test_it_logs_the_outcome_but_not_the_secret_nor_the_address(receiver, delivery, caplog):
    caplog.set_level(logging.DEBUG)

    answer = call(delivery)

    assert answer.status_code == 204
    assert [
        record.getMessage() for record in caplog.records if record.name == "webhooks.tasks"
    ] == [f"webhook delivery {delivery.pk} attempt 1: 204 in {answer.duration_ms} ms"]
    assert delivery.subscription.secret not in caplog.text
    assert "partner=unodc" not in caplog.text


def test_its_signature_timestamp_is_the_moment_of_the_call_in_utc(delivery):
    moment = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)

    sent = headers(delivery, moment)

    assert sent["webhook-timestamp"] == "1796113800"
    assert sent["webhook-id"] == "msg_0123"
