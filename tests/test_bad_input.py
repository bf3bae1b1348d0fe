"""Bad input gets a clear error and loses nothing: fixtures, admin forms, URLs, server errors."""

import datetime
import io
import json
import logging

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import path

from config import urls as site_urls
from config.logs import JsonFormatter
from meetings.models import Member, Process, WorkingGroup
from tests.html_forms import form_data
from tests.officers import secretariat_officer
from workplan.models import Priority, PriorityUpdate, WorkPlan

# loaddata saves raw: no auto_now, so a fixture gives its own timestamps.
STAMPS = {"created_at": "2016-05-19T05:00:00Z", "updated_at": "2016-05-19T05:00:00Z"}
NEW_MEMBER = {
    "model": "meetings.member",
    "fields": {"name": "Fiji", "slug": "fiji", "kind": "member_state", **STAMPS},
}


def boom(request):
    raise RuntimeError("secret detail of the failure")


# The site's URLs plus one view that fails, for the server-error tests.
urlpatterns = [path("boom/", boom), path("api/v1/boom/", boom), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@pytest.fixture
def plan():
    process = Process.objects.create(name="Bali Process", slug="bali-process")
    group = WorkingGroup.objects.create(
        process=process, name="Working Group on Trafficking in Persons", slug="tip"
    )
    return WorkPlan.objects.create(
        working_group=group,
        title="Work plan 2016–17",
        slug="wp-2016",
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2017, 12, 31),
    )


@pytest.fixture
def priority(plan):
    return Priority.objects.create(workplan=plan, order=1, title="Share information", slug="share")


def whole_database():
    out = io.StringIO()
    call_command(
        "dumpdata", natural_foreign=True, exclude=["contenttypes", "auth.permission"], stdout=out
    )
    return json.loads(out.getvalue())


def fixture_file(tmp_path, text):
    file = tmp_path / "bad.json"
    file.write_text(text)
    return str(file)


BAD_FIXTURES = {
    "malformed": (
        json.dumps([NEW_MEMBER])[:-20],
        "Problem installing fixture",
    ),
    "progress 150": (
        json.dumps(
            [
                NEW_MEMBER,
                {
                    "model": "workplan.priority",
                    "fields": {
                        "workplan": ["wp-2016"],
                        "order": 2,
                        "title": "Too far",
                        "slug": "too-far",
                        "status": "in_progress",
                        "progress": 150,
                        **STAMPS,
                    },
                },
            ]
        ),
        "progress: Ensure this value is less than or equal to 100.",
    ),
    "event ends before it starts": (
        json.dumps(
            [
                NEW_MEMBER,
                {
                    "model": "meetings.meeting",
                    "fields": {
                        "title": "Backwards meeting",
                        "slug": "backwards",
                        "working_group": ["tip"],
                        "start_date": "2016-05-19",
                        "end_date": "2016-05-18",
                        **STAMPS,
                    },
                },
            ]
        ),
        "The event cannot end before it starts.",
    ),
    "missing reference": (
        json.dumps(
            [
                NEW_MEMBER,
                {
                    "model": "meetings.meeting",
                    "fields": {
                        "title": "Orphan meeting",
                        "slug": "orphan",
                        "working_group": ["no-such-group"],
                        "start_date": "2016-05-19",
                        "end_date": "2016-05-19",
                        **STAMPS,
                    },
                },
            ]
        ),
        # The foreign key cannot wait for a record that never comes.
        "field 'working_group': no meetings.WorkingGroup has the key ['no-such-group'].",
    ),
    "missing optional reference": (
        json.dumps(
            [
                NEW_MEMBER,
                {
                    "model": "workplan.priority",
                    "fields": {
                        "workplan": ["wp-2016"],
                        "order": 2,
                        "title": "Led by nobody",
                        "slug": "led-by-nobody",
                        "lead_organisation": ["no-such-organisation"],
                        **STAMPS,
                    },
                },
            ]
        ),
        "field 'lead_organisation': no meetings.Organisation has the key ['no-such-organisation'].",
    ),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", BAD_FIXTURES)
def test_it_refuses_a_bad_fixture_and_keeps_the_database_as_it_was(tmp_path, priority, case):
    text, reason = BAD_FIXTURES[case]
    before = whole_database()

    with pytest.raises(Exception) as refused:  # noqa: PT011 - the kind of error varies by case.
        call_command("loaddata", fixture_file(tmp_path, text), verbosity=0)

    assert reason in str(refused.value)
    assert whole_database() == before
    assert not Member.objects.filter(slug="fiji").exists()


@pytest.fixture
def secretariat_client(client):
    client.force_login(secretariat_officer())
    return client


@pytest.mark.django_db
def test_it_shows_field_errors_for_bad_admin_input_and_saves_nothing(secretariat_client, priority):
    url = f"/admin/workplan/priority/{priority.pk}/change/"
    data = form_data(secretariat_client.get(url).content.decode(), "priority_form")
    data.update(progress="150", title="")

    response = secretariat_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "title": ["This field is required."],
        "progress": ["Ensure this value is less than or equal to 100."],
    }
    priority.refresh_from_db()
    assert (priority.title, priority.progress, PriorityUpdate.objects.count()) == (
        "Share information",
        None,
        0,
    )


@pytest.mark.django_db
def test_it_shows_the_rule_an_admin_event_breaks(secretariat_client, plan):
    data = form_data(
        secretariat_client.get("/admin/meetings/meeting/add/").content.decode(), "meeting_form"
    )
    data.update(
        title="Backwards meeting",
        slug="backwards",
        working_group=str(plan.working_group.pk),
        start_date="19/05/2016",
        end_date="18/05/2016",
    )

    response = secretariat_client.post("/admin/meetings/meeting/add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["The event cannot end before it starts."]
    }


@pytest.mark.django_db
def test_it_answers_bad_api_input_with_json_naming_the_field(client, priority):
    user = secretariat_officer()
    call_command("create_api_token", "officer", stdout=io.StringIO())
    token = user.auth_token.key

    response = client.patch(
        f"/api/v1/priorities/{priority.pk}/",
        {"progress": 150},
        content_type="application/json",
        headers={"Authorization": f"Token {token}"},
    )

    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json() == {
        "detail": "Invalid progress.",
        "errors": {"progress": ["Ensure this value is less than or equal to 100."]},
    }
    priority.refresh_from_db()
    assert (priority.progress, PriorityUpdate.objects.count()) == (None, 0)


@pytest.mark.django_db
def test_it_shows_the_sites_own_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert next(t.name for t in response.templates) == "404.html"
    assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.mark.django_db
def test_it_shows_the_sites_own_500_page_without_a_trace_and_logs_it(client, settings, caplog):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/boom/?token=abc123")

    text = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in text
    for trace in ["Traceback", "RuntimeError", "secret detail", "boom", "abc123"]:
        assert trace not in text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [(r.name, r.getMessage()) for r in errors] == [
        ("django.request", "Internal Server Error: /boom/")
    ]
    logged = json.loads(JsonFormatter().format(errors[0]))
    assert logged["exception"].splitlines()[-1] == "RuntimeError: secret detail of the failure"
    assert "abc123" not in JsonFormatter().format(errors[0])


@pytest.mark.django_db
def test_it_answers_a_server_error_in_the_api_as_json_without_a_trace(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/api/v1/boom/")

    assert (response.status_code, response["Content-Type"]) == (500, "application/json")
    assert response.json() == {"error": "Server Error (500)"}


def test_it_renders_the_500_page_without_any_context():
    text = render_to_string("500.html")

    assert "<h1>Something went wrong on our side</h1>" in text


@pytest.mark.django_db
def test_it_logs_each_request_as_one_json_line_without_the_query_string(client, caplog):
    caplog.set_level(logging.INFO, logger="workplan.request")

    client.get("/no-such-page/?token=abc123", headers={"Cookie": "sessionid=s3cr3t"})

    lines = [
        json.loads(JsonFormatter().format(r))
        for r in caplog.records
        if r.name == "workplan.request"
    ]
    for line in lines:
        datetime.datetime.fromisoformat(line.pop("time"))
        line.pop("duration_ms")
    assert lines == [
        {
            "level": "INFO",
            "logger": "workplan.request",
            "message": "GET /no-such-page/ 404",
            "method": "GET",
            "path": "/no-such-page/",
            "route": None,
            "status": 404,
        }
    ]
