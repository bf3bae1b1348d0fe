"""While the database is unreachable: rendered copies for anonymous reads, 503 for the rest."""

import json

import pytest
from django.db import OperationalError, connections
from rest_framework.authtoken.models import Token

from tests.factories import PriorityFactory
from tests.officers import secretariat_officer
from workplan.models import Priority, PriorityUpdate

pytestmark = pytest.mark.django_db

NOTICE = (
    '<p class="notice" role="status">The site cannot reach its database just now: this '
    "copy of the page may be out of date.</p>"
)


@pytest.fixture
def outage(client, monkeypatch):
    """The database refuses every connection, as while it is stopped or its port is dead;
    the client gets the answer a visitor would, not the exception."""
    client.raise_request_exception = False

    def refused(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    def start():
        # As after Django has closed the broken connection: every new one is refused.
        monkeypatch.setattr(connections["default"], "connection", None)
        monkeypatch.setattr(type(connections["default"]), "_cursor", refused)

    start.end = monkeypatch.undo
    yield start
    monkeypatch.undo()


@pytest.fixture
def priority():
    return PriorityFactory(workplan__slug="plan", title="Train officials")


def test_it_answers_a_page_read_before_from_its_copy_with_a_notice(client, priority, outage):
    before = client.get("/work-plans/plan/")

    outage()
    during = client.get("/work-plans/plan/")

    text = during.content.decode()
    assert (before.status_code, during.status_code, during["Age"]) == (200, 200, "0")
    assert text == before.content.decode().replace(
        '<main id="main" class="container" tabindex="-1">',
        '<main id="main" class="container" tabindex="-1">' + NOTICE,
        1,
    )
    assert during["Content-Length"] == str(len(during.content))


def test_it_answers_an_api_read_before_from_its_copy_with_its_age(client, priority, outage):
    before = client.get("/api/v1/priorities/")

    outage()
    during = client.get("/api/v1/priorities/")

    assert (during.status_code, during.json(), during["Age"]) == (200, before.json(), "0")


def test_it_answers_503_for_a_page_without_a_copy(client, priority, outage):
    outage()

    response = client.get("/work-plans/plan/")

    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert "<h1>Briefly unavailable</h1>" in response.content.decode()


def test_it_answers_503_in_json_for_an_api_read_without_a_copy(client, priority, outage):
    outage()

    response = client.get(f"/api/v1/priorities/{priority.pk}/")

    assert (response.status_code, response["Retry-After"], response.json()) == (
        503,
        "30",
        {"detail": "The service is briefly unavailable: try again shortly."},
    )


def test_it_answers_503_to_a_write_and_writes_nothing(client, priority, outage):
    token = Token.objects.create(user=secretariat_officer())
    client.get(f"/api/v1/priorities/{priority.pk}/")

    outage()
    response = client.patch(
        f"/api/v1/priorities/{priority.pk}/",
        data=json.dumps({"status": "in_progress", "progress": 40}),
        content_type="application/json",
        headers={"Authorization": f"Token {token.key}"},
    )
    outage.end()

    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert Priority.objects.values_list("status", "progress").get() == ("not_started", 0)
    assert list(PriorityUpdate.objects.all()) == []


def test_it_answers_503_to_the_admin(client, priority, outage):
    client.force_login(secretariat_officer())

    outage()
    response = client.get("/admin/")

    assert (response.status_code, response["Retry-After"]) == (503, "30")
