"""The logs never hold the values of a row the database refused."""

import json
import logging
import sys

import pytest
from django.db import IntegrityError, connection
from django.urls import path

from config import urls as site_urls
from config.logs import JsonFormatter
from meetings.models import Member

SECRET = "Secret Row Value"
SLUG = "secret-row-value"


def duplicate_member(request):
    Member.objects.create(name=SECRET, slug=SLUG, kind=Member.Kind.MEMBER_STATE)
    Member.objects.create(name=f"{SECRET} 2", slug=SLUG, kind=Member.Kind.MEMBER_STATE)


urlpatterns = [path("duplicate/", duplicate_member), *site_urls.urlpatterns]
handler500 = site_urls.handler500


def formatted_errors(caplog):
    return [
        JsonFormatter().format(record)
        for record in caplog.records
        if record.levelno >= logging.ERROR
    ]


@pytest.mark.django_db(transaction=True)
def test_it_logs_a_refused_row_without_its_values(client, settings, caplog):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/duplicate/")

    (line,) = formatted_errors(caplog)
    trace = json.loads(line)["exception"]
    assert (response.status_code, SLUG in line, SECRET in line) == (500, False, False)
    assert trace.splitlines()[-1] == (
        "django.db.utils.IntegrityError: "
        + {
            "postgresql": 'duplicate key value violates unique constraint "meetings_member_slug_key"',
            "sqlite": "UNIQUE constraint failed: meetings_member.slug",
        }[connection.vendor]
    )


def test_it_keeps_only_the_first_line_of_each_database_error_in_a_chain():
    driver_error = IntegrityError(
        'new row for relation "meetings_member" violates check constraint "kind_known"\n'
        f"DETAIL:  Failing row contains (7, {SECRET},\nsecond line of {SECRET}).\n"
    )
    try:
        try:
            raise driver_error
        except IntegrityError as exc:
            raise RuntimeError("saving the member failed") from exc
    except RuntimeError:
        record = logging.getLogger("test").makeRecord(
            "test", logging.ERROR, __file__, 1, "failed: %s", (driver_error,), None
        )
        record.exc_info = sys.exc_info()

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == (
        'failed: new row for relation "meetings_member" violates check constraint "kind_known"'
    )
    assert [text for text in line["exception"].splitlines() if not text.startswith(" ")] == [
        "Traceback (most recent call last):",
        'django.db.utils.IntegrityError: new row for relation "meetings_member" violates '
        'check constraint "kind_known"',
        "",
        "The above exception was the direct cause of the following exception:",
        "",
        "Traceback (most recent call last):",
        "RuntimeError: saving the member failed",
    ]
