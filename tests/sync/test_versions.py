import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from sync import versions
from sync.models import DataVersion
from tests.factories import ForumFactory, OrganisationFactory, PriorityFactory
from workplan.models import Priority
from workplan.services import record_priority_update

pytestmark = pytest.mark.django_db


def test_it_starts_at_zero_when_nothing_was_written():
    DataVersion.objects.all().delete()

    assert (versions.data_version(), versions.last_modified()) == (0, versions.NEVER)


def test_it_creates_its_row_on_the_first_write():
    DataVersion.objects.all().delete()

    versions.bump()

    assert list(DataVersion.objects.values_list("pk", "n")) == [(versions.ROW, 1)]


def test_it_rises_with_a_direct_model_save():
    priority = PriorityFactory()
    before = versions.data_version()

    priority.title = "Share information on trafficking cases"
    priority.save()

    assert versions.data_version() == before + 1


def test_it_rises_with_a_status_change_through_the_service():
    priority = PriorityFactory()
    before = versions.data_version()

    record_priority_update(priority=priority, status="in_progress", progress=40)

    # The priority's save and its history row.
    assert versions.data_version() == before + 2


def test_it_rises_with_a_delete():
    organisation = OrganisationFactory()
    before = versions.data_version()

    organisation.delete()

    assert versions.data_version() == before + 1


def test_it_rises_with_each_many_to_many_change():
    priority, forum = PriorityFactory(), ForumFactory()
    before = versions.data_version()

    priority.related_forums.add(forum)
    after_add = versions.data_version()
    priority.related_forums.remove(forum)
    after_remove = versions.data_version()
    priority.related_forums.set([forum])
    after_set = versions.data_version()
    priority.related_forums.clear()

    assert [after_add, after_remove, after_set, versions.data_version()] == [
        before + 1,
        before + 2,
        before + 3,
        before + 4,
    ]


def test_it_rises_with_loaddata():
    before = versions.data_version()

    call_command("loaddata", "fixtures/01_bali_process.json", verbosity=0)

    assert versions.data_version() > before


def test_it_does_not_rise_for_a_write_that_is_rolled_back():
    priority = PriorityFactory()
    title, before = priority.title, versions.data_version()

    def abandoned_write():
        with transaction.atomic():
            priority.title = "Never saved"
            priority.save()
            raise RuntimeError("abandoned")

    with pytest.raises(RuntimeError):
        abandoned_write()

    assert (versions.data_version(), Priority.objects.get().title) == (before, title)


def test_it_stamps_the_time_of_the_last_write():
    priority = PriorityFactory()
    start = timezone.now()

    priority.save()

    assert start <= versions.last_modified() <= timezone.now()


def test_it_does_not_rise_when_nothing_is_written():
    PriorityFactory()
    before = (versions.data_version(), versions.last_modified())

    list(Priority.objects.all())

    assert (versions.data_version(), versions.last_modified()) == before


@pytest.mark.django_db(transaction=True)
def test_it_sees_a_write_made_by_another_process():
    priority = PriorityFactory()
    before = versions.data_version()
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    script = (
        "from workplan.models import Priority; "
        f"p = Priority.objects.get(pk={priority.pk}); p.title = 'Changed elsewhere'; p.save()"
    )

    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        env={"DJANGO_DEBUG": "1", "DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        timeout=60,
    )

    assert versions.data_version() == before + 1
    assert versions.last_modified() > timezone.now() - timedelta(minutes=1)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="a broken connection is a server's: PostgreSQL only",
)
@pytest.mark.django_db(transaction=True)
def test_it_reads_the_version_on_a_new_connection_when_the_reused_one_is_broken():
    versions.bump()
    connection.ensure_connection()
    connection.connection.close()
    connection.health_check_done = False

    assert versions.data_version() == 1
    assert connection.health_check_done


class RefusingConnection:
    """A driver connection whose server has gone: every statement fails."""

    def __init__(self, error):
        self.error = error

    def cursor(self):
        return self

    def execute(self, sql):
        raise self.error("server closed the connection unexpectedly")

    def close(self):
        pass


def test_it_reads_with_the_drivers_own_cursor_the_same_as_through_django():
    versions.bump()
    connection.ensure_connection()
    assert not connection.queries_logged

    with connection.cursor() as cursor:
        cursor.execute(versions._SELECT)
        through_django = cursor.fetchone()

    assert versions._read() == through_django


def test_a_driver_error_on_the_fast_read_is_djangos_error(monkeypatch):
    """What the response cache catches to answer from its copies while the database is down."""
    from django.db import OperationalError

    wrapper = connections["default"]
    wrapper.ensure_connection()
    monkeypatch.setattr(
        wrapper, "connection", RefusingConnection(wrapper.Database.OperationalError)
    )

    with pytest.raises(OperationalError):
        versions._read()
