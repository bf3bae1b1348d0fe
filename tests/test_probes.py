import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


def test_it_answers_healthz_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


def test_it_is_ready_when_the_database_answers_and_is_migrated(client):
    response = client.get("/readyz")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})
    assert "no-cache" in response["Cache-Control"]


def test_it_is_not_ready_with_a_migration_unapplied(client):
    MigrationRecorder.Migration.objects.filter(app="sync", name="0001_initial").delete()

    response = client.get("/readyz")

    assert (response.status_code, response.json()) == (
        503,
        {
            "status": "unavailable",
            "database": "ok",
            "unapplied_migrations": ["sync.0001_initial"],
        },
    )


def test_it_is_not_ready_when_the_database_does_not_answer(client, monkeypatch):
    def refuse(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(MigrationRecorder, "applied_migrations", refuse)

    response = client.get("/readyz")

    assert (response.status_code, response.json()) == (
        503,
        {"status": "unavailable", "database": "unreachable"},
    )
