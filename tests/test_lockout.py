"""Repeated failed sign-ins lock the account out from that client, say so, and log it."""

import json
import logging

import pytest
from django.contrib.auth.models import User

from config.logs import JsonFormatter, pseudonym

PASSWORD = "Correct-horse-battery-42"
pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return User.objects.create_user("officer", password=PASSWORD, is_staff=True)


def sign_in(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_it_locks_out_after_five_failures_with_a_clear_message(client, officer):
    failures = [sign_in(client, "officer", f"wrong-{n}").status_code for n in range(4)]

    fifth = sign_in(client, "officer", "wrong-5")
    with_the_right_password = sign_in(client, "officer", PASSWORD)

    assert failures == [200, 200, 200, 200]
    assert fifth.status_code == 429
    assert with_the_right_password.status_code == 429
    assert "lockout.html" in [t.name for t in with_the_right_password.templates]
    text = with_the_right_password.content.decode()
    assert "<h1>Sign-in locked</h1>" in text
    assert (
        "After 5 failed attempts to sign in as this user from your computer, "
        "signing in from it is locked for 30 minutes." in text
    )
    assert "_auth_user_id" not in client.session


def test_it_locks_only_that_user_from_that_client(client, officer):
    User.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    for n in range(5):
        sign_in(client, "officer", f"wrong-{n}")

    colleague = sign_in(client, "colleague", PASSWORD)

    assert (colleague.status_code, colleague["Location"]) == (302, "/admin/")


def test_it_logs_the_lockout_without_naming_the_user_or_the_client(client, officer, caplog):
    caplog.set_level(logging.INFO)

    for n in range(5):
        sign_in(client, "officer", f"wrong-{n}")

    lockouts = [r for r in caplog.records if "Locking out" in r.getMessage()]
    assert [(r.name, r.levelname, r.getMessage()) for r in lockouts] == [
        (
            "axes.handlers.database",
            "WARNING",
            f"AXES: Locking out {{user: {pseudonym('officer')}, client: {pseudonym('127.0.0.1')}, "
            "path: /admin/login/} after repeated login failures.",
        )
    ]
    logged = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    for private in ["officer", "wrong-", "127.0.0.1", "csrftoken", "sessionid"]:
        assert private not in logged
    assert json.loads(JsonFormatter().format(lockouts[0]))["level"] == "WARNING"


def test_it_follows_the_password_validators_in_admin(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "newofficer", "password1": "12345678", "password2": "12345678"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "password2": [
            "This password is too short. It must contain at least 12 characters.",
            "This password is too common.",
            "This password is entirely numeric.",
        ]
    }
    assert not User.objects.filter(username="newofficer").exists()


def test_it_tells_clients_behind_the_proxy_apart_by_the_address_it_appended(client, officer):
    for n in range(5):
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "officer", "password": f"wrong-{n}"},
            headers={"X-Forwarded-For": f"198.51.100.{n}, 203.0.113.5"},
        )

    same_client = client.post(
        "/admin/login/?next=/admin/",
        {"username": "officer", "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.5"},
    )
    other_client = client.post(
        "/admin/login/?next=/admin/",
        {"username": "officer", "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.77"},
    )

    assert same_client.status_code == 429
    assert (other_client.status_code, other_client["Location"]) == (302, "/admin/")
