"""Many officers and partner systems change one priority at once: no update is lost.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with
DATABASE_URL); CI runs it on both.
"""

import random
import threading
import time

import pytest
from django.db import connections
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import PriorityFactory
from tests.html_forms import form_data
from tests.officers import secretariat_officer
from workplan.models import Priority, PriorityUpdate, Status
from workplan.services import record_priority_update

SERVICE_CALLS, API_CALLS, ADMIN_EDITS = 8, 8, 4
ADMIN_ATTEMPTS = 30


@pytest.fixture
def priority():
    return PriorityFactory()


@pytest.fixture
def officer():
    return secretariat_officer()


def history_chain(priority):
    """Each entry starts where the one before ended; the last ends where the priority is."""
    rows = list(
        PriorityUpdate.objects.filter(priority=priority)
        .order_by("pk")
        .values_list("old_status", "old_progress", "new_status", "new_progress")
    )
    previous = [(Status.NOT_STARTED, 0), *[(row[2], row[3]) for row in rows]]
    return rows, [(row[0], row[1]) for row in rows] == previous[:-1], previous[-1]


@pytest.mark.django_db(transaction=True)
def test_it_records_every_concurrent_change_once_through_service_api_and_admin(priority, officer):
    token = Token.objects.create(user=officer).key
    start = threading.Barrier(SERVICE_CALLS + API_CALLS + ADMIN_EDITS)
    progress_values = iter(range(1, 100))
    outcomes, errors = [], []

    def by_service(progress):
        start.wait()
        update = record_priority_update(
            priority=Priority.objects.get(pk=priority.pk),
            status=Status.IN_PROGRESS,
            progress=progress,
            note=f"service {progress}",
            author=officer,
        )
        return ("service", progress, update is not None)

    def by_api(progress):
        client = Client()
        start.wait()
        response = client.patch(
            f"/api/v1/priorities/{priority.pk}/",
            {"status": "in_progress", "progress": progress, "note": f"api {progress}"},
            content_type="application/json",
            headers={"Authorization": f"Token {token}"},
        )
        assert response.status_code == 200, response.content
        return ("api", progress, True)

    def by_admin(progress):
        client = Client()
        client.force_login(officer)
        url = f"/admin/workplan/priority/{priority.pk}/change/"
        start.wait()
        # An officer whose page went stale is told so and saves again from the fresh page.
        for _ in range(ADMIN_ATTEMPTS):
            data = form_data(client.get(url).content.decode(), "priority_form")
            data.update(status="in_progress", progress=str(progress), note=f"admin {progress}")
            response = client.post(url, data)
            if response.status_code == 302:
                return ("admin", progress, True)
            assert "someone else changed this priority" in response.content.decode()
            time.sleep(random.uniform(0, 0.05))
        return ("admin", progress, False)

    def run(work, progress):
        try:
            outcomes.append(work(progress))
        except Exception as error:
            # A failure in a worker thread is collected and asserted on below.
            errors.append(repr(error))
            start.abort()
        finally:
            connections.close_all()

    workers = [
        threading.Thread(target=run, args=(work, next(progress_values)))
        for work, count in [
            (by_service, SERVICE_CALLS),
            (by_api, API_CALLS),
            (by_admin, ADMIN_EDITS),
        ]
        for _ in range(count)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert errors == []
    assert sorted(outcome for outcome in outcomes if not outcome[2]) == []
    rows, chained, last = history_chain(priority)
    priority.refresh_from_db()
    assert sorted(row[3] for row in rows) == sorted(outcome[1] for outcome in outcomes)
    assert chained
    assert last == (priority.status, priority.progress)
    assert sorted(
        PriorityUpdate.objects.filter(priority=priority).values_list("note", flat=True)
    ) == sorted(f"{door} {progress}" for door, progress, _ in outcomes)
