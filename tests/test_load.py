"""Concurrent writes to one priority through gunicorn with several workers, on PostgreSQL.

Bounded in time and count. Runs only when the suite runs on PostgreSQL, as CI's second
pass does; alone: `DATABASE_URL=postgres://... .venv/bin/pytest tests/test_load.py`.
"""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import PROJECT_DIR
from tests.factories import PriorityFactory
from tests.officers import secretariat_officer
from tests.servers import database_url_of_the_tests, gunicorn
from workplan.models import PriorityUpdate, Status

WORKERS = 4
CLIENTS = 16
WRITES = 99  # one per progress value 1..99, so that every write is a change
DEADLINE_SECONDS = 90

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="the load test runs on PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def server_env():
    return {
        "DATABASE_URL": database_url_of_the_tests(),
        # The test measures correctness under contention, not the throttle.
        "API_THROTTLE_USER": "100000/hour",
    }


@pytest.fixture
def server(server_env):
    with gunicorn(server_env, workers=WORKERS) as base:
        yield base


@pytest.fixture
def priority():
    return PriorityFactory()


@pytest.fixture
def token(server_env):
    secretariat_officer()
    result = subprocess.run(
        [sys.executable, "manage.py", "create_api_token", "officer"],
        cwd=PROJECT_DIR,
        env={**os.environ, **server_env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_it_keeps_history_and_state_in_step_under_concurrent_writes(server, priority, token):
    deadline = time.monotonic() + DEADLINE_SECONDS
    lock = threading.Lock()
    statuses = []

    def patch(progress):
        if time.monotonic() > deadline:
            return ("skipped", progress)
        request = urllib.request.Request(
            f"{server}/api/v1/priorities/{priority.pk}/",
            data=json.dumps(
                {"status": "in_progress", "progress": progress, "note": f"load {progress}"}
            ).encode(),
            method="PATCH",
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        with lock:
            statuses.append(status)
        return (status, progress)

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(patch, range(1, WRITES + 1)))
    with urllib.request.urlopen(f"{server}/api/v1/priorities/{priority.pk}/") as response:
        served = json.load(response)

    assert sorted(results) == [(200, progress) for progress in range(1, WRITES + 1)]
    rows = list(
        PriorityUpdate.objects.filter(priority=priority)
        .order_by("pk")
        .values_list("old_status", "old_progress", "new_status", "new_progress", "note")
    )
    assert sorted(row[3] for row in rows) == list(range(1, WRITES + 1))
    assert sorted(row[4] for row in rows) == sorted(f"load {p}" for p in range(1, WRITES + 1))
    # Each change starts from where the previous one ended: none was lost or applied twice.
    ends = [(Status.NOT_STARTED, 0), *[(row[2], row[3]) for row in rows]]
    assert [(row[0], row[1]) for row in rows] == ends[:-1]
    priority.refresh_from_db()
    assert (priority.status, priority.progress) == ends[-1]
    assert (served["status"], served["progress"]) == ends[-1]
