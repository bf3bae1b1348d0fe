"""The OpenAPI schema: valid, served with its docs, and true to the API under fuzzing."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tests.api_client import API, token_for
from tests.conftest import require_tool
from tests.factories import (
    ParticipantFactory,
    PresentationFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    UserFactory,
)

DATES_IN_THE_PAST = "\n".join(
    f"""
[[operations]]
include-name = "{name}"
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "3xx", "400", "401", "403", "404", "409", "429"
]
"""
    for name in (
        f"GET {API}priorities/",
        f"PATCH {API}priorities/{{id}}/",
        f"PATCH {API}action-items/{{id}}/",
        f"GET {API}workplans/{{id}}/changes/",
    )
)


@pytest.mark.django_db
def test_it_serves_a_valid_openapi_3_schema_as_json(client):
    response = client.get(f"{API}schema/?format=json")

    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert sorted(path for path in schema["paths"] if "{" not in path) == [
        f"{API}{name}/"
        for name in sorted(
            [
                "action-items",
                "deletions",
                "forums",
                "meetings",
                "members",
                "organisations",
                "participants",
                "presentations",
                "priorities",
                "priority-updates",
                "workplans",
                "working-groups",
            ]
        )
    ]


@pytest.mark.django_db
def test_it_documents_every_error_status_of_every_operation(client):
    schema = client.get(f"{API}schema/?format=json").json()

    documented = {
        (path, method): set(operation["responses"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }

    reads = {"200", "304", "400", "401", "404", "406", "429"}
    write = {"200", "400", "401", "403", "404", "406", "415", "429"}
    assert documented == {
        **{(path, "get"): reads for path in schema["paths"]},
        (f"{API}priorities/{{id}}/", "patch"): write,
        (f"{API}action-items/{{id}}/", "patch"): write,
    }


@pytest.mark.django_db
def test_it_describes_the_filters_in_the_schema(client):
    schema = client.get(f"{API}schema/?format=json").json()

    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"][f"{API}priorities/"]["get"]["parameters"]
    }

    assert sorted(parameters) == [
        "If-Modified-Since",
        "If-None-Match",
        "after",
        "as_of",
        "at_meeting",
        "format",
        "lead",
        "lead_member",
        "lead_organisation",
        "ordering",
        "page",
        "page_size",
        "progress_max",
        "progress_min",
        "search",
        "status",
        "updated_since",
        "working_group",
        "workplan",
    ]
    assert parameters["status"]["schema"] == {
        "type": "array",
        "items": {
            "type": "string",
            "enum": ["cancelled", "completed", "in_progress", "not_started", "ongoing"],
        },
    }
    assert parameters["progress_min"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 100}
    assert all(parameter.get("description") for parameter in parameters.values())


@pytest.mark.django_db
def test_it_serves_the_interactive_docs_with_local_assets(client):
    response = client.get(f"{API}docs/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle" in page
    assert "<script>" not in page
    assert "cdn" not in page.lower()


@pytest.mark.django_db(transaction=True)
def test_it_survives_a_schemathesis_run_over_the_whole_schema(live_server, tmp_path, monkeypatch):
    cli = Path(sys.executable).with_name("schemathesis")
    require_tool(cli.exists() or shutil.which("schemathesis"), "schemathesis")
    # The fuzzer sends hundreds of requests: lift the rate limits for it alone.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/hour"})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "100000/hour"})
    for _ in range(2):
        PriorityUpdateFactory(priority=PriorityFactory())
        ParticipantFactory(individual_names="Officer A", individual_contacts="a@example.org")
        PresentationFactory()
    token = token_for(UserFactory(groups=["Secretariat"]))
    # A date is never in the future, and a priority's entry never before its plan was
    # adopted: rules the schema cannot state, answered with a 400 that names the parameter.
    (tmp_path / "schemathesis.toml").write_text(DATES_IN_THE_PAST)

    run = subprocess.run(
        [
            str(cli),
            "run",
            f"{live_server.url}{API}schema/?format=json",
            "--url",
            live_server.url,
            "-H",
            f"Authorization: Token {token}",
            "--checks",
            "all",
            "--exclude-checks",
            "negative_data_rejection",
            "--generation-allow-x00",
            "false",
            "--max-examples",
            "10",
            "--seed",
            "42",
            "--request-timeout",
            "10",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-2000:]
