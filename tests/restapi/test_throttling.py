"""Rate limits that hold across workers, at a constant cost per request."""

import sqlite3
import time

import pytest
from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from tests.factories import WorkingGroupFactory
from tests.servers import fetch, gunicorn

URL = "/api/v1/working-groups/"


def wait_for_a_fresh_minute_window():
    """Eight quick requests must fall in one window of the limit."""
    while time.time() % 60 > 50:
        time.sleep(1)


@pytest.mark.django_db(transaction=True)
def test_it_counts_requests_to_two_workers_together(tmp_path):
    WorkingGroupFactory()
    env = {"API_THROTTLE_ANON": "3/min", "API_THROTTLE_FILE": str(tmp_path / "counts.sqlite3")}

    with gunicorn(env, workers=2) as base:
        wait_for_a_fresh_minute_window()
        answers = [fetch(base + URL) for _ in range(8)]

    statuses = [status for status, _, _ in answers]
    assert sorted(statuses) == [200] * 3 + [429] * 5
    assert all(
        1 <= int(headers["Retry-After"]) <= 60 for status, headers, _ in answers if status == 429
    )


@pytest.mark.django_db
def test_it_keeps_one_count_per_client_however_many_requests(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100/minute"})

    for _ in range(5):
        client.get(URL)

    with sqlite3.connect(settings.API_THROTTLE_FILE) as counts:
        rows = counts.execute("SELECT key, count FROM counts").fetchall()
    assert rows == [("throttle_anon_127.0.0.1", 5)]
