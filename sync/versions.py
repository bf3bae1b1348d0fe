"""A cheap data version: one number that changes with every write to the synced apps.

Pages and API responses are cached under it, and it is the validator of conditional
GETs: when it has not moved, nothing a partner or a reader can see has changed.

Every save, delete and many-to-many change of a synced model raises it (see
``sync.signals``); a bulk write that sends no signals (``QuerySet.update``,
``bulk_create``) calls ``bump()`` itself. The number lives in the database, in one row
raised inside the writer's transaction, so it commits or rolls back with the write and
every worker and machine reads the same value.
"""

import threading
from datetime import UTC, datetime

from django.core.signals import request_finished, request_started
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

from sync.models import DataVersion

ROW = 1
_SELECT = f"SELECT n, changed_at FROM {DataVersion._meta.db_table} WHERE id = {ROW}"
NEVER = datetime(1970, 1, 1, tzinfo=UTC)

# Within one request the version is read once: the memo is per thread (one request at a
# time per thread) and is dropped when the request ends or when the thread writes.
_memo = threading.local()


def bump():
    """Raise the data version by one and stamp it with the current time."""
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        # One statement that also creates the row if a flush removed it.
        cursor.execute(
            f"INSERT INTO {table} (id, n, changed_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (id) DO UPDATE SET n = {table}.n + 1, changed_at = EXCLUDED.changed_at",
            [ROW, timezone.now()],
        )
    _memo.row = None


def data_version():
    """The current data version: a whole number that grows with every write."""
    return _current()[0]


def stamp():
    """The version and the time it was reached, as one text: what keys a cached answer.

    The number alone would not do: a database re-created or restored from a backup counts
    from 1 again, and its version 5 is not the version 5 a cache or a client saw before.
    """
    version, changed_at = _current()
    return f"{version}@{changed_at.isoformat()}"


def last_modified():
    """When the data last changed (the Unix epoch if it never has)."""
    return _current()[1]


def current():
    """(the data version, when it last changed): what validators of conditional GETs use."""
    return _current()


def _current():
    row = getattr(_memo, "row", None)
    if row is None:
        found = _read_as_health_check() if _health_check_due() else _read()
        row = (found[0], _aware(found[1])) if found else (0, NEVER)
        if getattr(_memo, "in_request", False):
            _memo.row = row
    return row


def _read():
    if connection.queries_logged or connection.execute_wrappers or connection.connection is None:
        with connection.cursor() as cursor:
            cursor.execute(_SELECT)
            return cursor.fetchone()
    # It runs on nearly every request: the driver's own cursor, as Django's would do when it
    # records no queries, without the wrapper's cost (about a third of the read).
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(_SELECT)
            return cursor.fetchone()
        finally:
            cursor.close()


def _health_check_due():
    """Django is about to test a reused connection with a query of its own (CONN_HEALTH_CHECKS)."""
    return (
        connection.health_check_enabled
        and not connection.health_check_done
        and connection.connection is not None
        and not connection.in_atomic_block
    )


def _read_as_health_check():
    """The version query is the health check: a round trip less on nearly every request.

    If the reused connection is broken, it is closed and the query runs on a new one, as
    Django's own check would do.
    """
    connection.health_check_done = True
    try:
        return _read()
    except (InterfaceError, OperationalError):
        connection.close()
        return _read()


def _aware(value):
    # SQLite hands back the stored text; PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def _request_started(**kwargs):
    _memo.in_request, _memo.row = True, None


def _request_finished(**kwargs):
    _memo.in_request, _memo.row = False, None


request_started.connect(_request_started, dispatch_uid="sync.versions.request_started")
request_finished.connect(_request_finished, dispatch_uid="sync.versions.request_finished")
