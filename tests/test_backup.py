"""`make backup` then `make restore` into a new database: every row comes back identical.

Runs on SQLite files, and also on PostgreSQL when the suite runs with a PostgreSQL
DATABASE_URL (two scratch databases named after it, dropped afterwards).
"""

import os
import subprocess
import sys
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg2
import pytest
from django.apps import apps
from django.db.utils import ConnectionHandler

from tests.conftest import PROJECT_DIR

# Rebuilt by `migrate` (its own clock, its own order); the data version is raised by the
# restore on purpose, so that caches and partners' mirrors see that the data changed.
NOT_COMPARED = {"django_migrations", "django_content_type", "auth_permission", "sync_dataversion"}

SEED = """
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from forums.models import Participant
from workplan.models import Priority, Status
from workplan.services import record_priority_update

officer = User.objects.create_user("officer", "officer@rso.example", "Correct-horse-battery-42")
officer.is_staff = True
officer.save()
officer.groups.add(Group.objects.get(name="Secretariat"))
officer.user_permissions.add(Permission.objects.get(codename="view_logentry"))
Group.objects.create(name="Auditors").permissions.add(Permission.objects.get(codename="view_user"))
Token.objects.create(user=officer)
for priority in Priority.objects.all()[:3]:
    record_priority_update(priority=priority, status=Status.IN_PROGRESS, progress=35,
                           note="Restored — with “quotes” and ünïcode", author=officer)
    record_priority_update(priority=priority, status=Status.COMPLETED, author=officer)
participant = Participant.objects.first()
participant.individual_names = "Somchai Privatename"
participant.individual_contacts = "somchai@police.example"
participant.save()
LogEntry.objects.log_actions(officer.pk, [participant], CHANGE, change_message="names")
session = SessionStore()
session["_auth_user_id"] = str(officer.pk)
session.create()
"""


def run(*args, database_url):
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        args, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def manage(*args, database_url):
    return run(sys.executable, "manage.py", *args, database_url=database_url)


def make(target, backup, database_url):
    # The virtualenv is the one running this test: do not let make reinstall it.
    return run(
        "make",
        "--no-print-directory",
        "-o",
        ".venv/bin/.installed",
        target,
        f"BACKUP={backup}",
        database_url=database_url,
    )


def link_tables():
    """Many-to-many tables Django makes by itself: their row ids mean nothing, the links do."""
    return {
        field.remote_field.through._meta.db_table
        for model in apps.get_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    }


def all_rows(database_url):
    """{table: sorted rows} for every table of the database."""
    links = link_tables()
    handler = ConnectionHandler({"default": dj_database_url.parse(database_url)})
    connection = handler["default"]
    try:
        with connection.cursor() as cursor:
            tables = sorted(set(connection.introspection.table_names(cursor)) - NOT_COMPARED)
            rows = {}
            for table in tables:
                columns = "*"
                if table in links:
                    description = connection.introspection.get_table_description(cursor, table)
                    columns = ", ".join(
                        connection.ops.quote_name(column.name)
                        for column in description
                        if column.name != "id"
                    )
                cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(table)}")
                rows[table] = sorted(cursor.fetchall(), key=repr)
            return rows
    finally:
        connection.close()


@contextmanager
def sqlite_databases(tmp_path):
    yield f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}"


@contextmanager
def postgresql_databases():
    parts = urlsplit(os.environ["DATABASE_URL"])
    base = parts.path.lstrip("/")
    names = [f"{base}_backup_live", f"{base}_backup_new"]
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}"')
        yield tuple(urlunsplit(parts._replace(path=f"/{name}")) for name in names)
    finally:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


ENGINES = ["sqlite"]
if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    ENGINES.append("postgresql")


@pytest.mark.parametrize("engine", ENGINES)
def test_it_restores_a_backup_into_a_new_database_losing_nothing(
    tmp_path, engine, django_db_blocker
):
    databases = sqlite_databases(tmp_path) if engine == "sqlite" else postgresql_databases()
    backup = tmp_path / "backup.json"
    with databases as (live, new):
        manage("migrate", "--noinput", database_url=live)
        manage(
            "loaddata",
            *sorted(str(f) for f in (PROJECT_DIR / "fixtures").glob("*.json")),
            database_url=live,
        )
        manage("shell", "-c", SEED, database_url=live)

        make("backup", backup, database_url=live)
        manage("migrate", "--noinput", database_url=new)
        make("restore", backup, database_url=new)

        # Scratch databases of their own, outside the test database.
        with django_db_blocker.unblock():
            before, after = all_rows(live), all_rows(new)
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    assert {table: len(rows) for table, rows in before.items()} == {
        table: len(rows) for table, rows in after.items()
    }
    assert before["workplan_priorityupdate"] != []
    assert before == after


def test_it_refuses_to_restore_over_data(tmp_path):
    live = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    backup = tmp_path / "backup.json"
    manage("migrate", "--noinput", database_url=live)
    manage("loaddata", str(PROJECT_DIR / "fixtures" / "01_bali_process.json"), database_url=live)
    manage("backup", str(backup), database_url=live)

    refused = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=PROJECT_DIR,
        env={**os.environ, "DATABASE_URL": live},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert refused.returncode == 1
    assert refused.stderr.startswith("CommandError: The database is not empty (it holds meetings.")
