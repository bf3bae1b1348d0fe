from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle

from sync import cache, versions
from sync.models import DataVersion
from tests.factories import OrganisationFactory, PriorityUpdateFactory, UserFactory
from workplan.api import PriorityViewSet
from workplan.models import Priority
from workplan.services import record_priority_update

pytestmark = pytest.mark.django_db

OLD, NEW = "Share data on trafficking cases", "Share data on forced labour cases"


@pytest.fixture
def priority():
    update = PriorityUpdateFactory(priority__title=OLD, priority__slug="share-data")
    return update.priority


def pages_and_endpoints(priority):
    """Every page and endpoint that shows the priority's title."""
    plan = priority.workplan.slug
    return [
        "/",
        f"/work-plans/{plan}/",
        f"/work-plans/{plan}/priorities/share-data/",
        f"/work-plans/{plan}/priorities.csv",
        f"/work-plans/{plan}/updates.atom",
        "/updates.atom",
        "/api/v1/priorities/",
        f"/api/v1/priorities/{priority.pk}/",
        "/api/v1/priorities/?format=csv",
        f"/api/v1/priorities/?workplan={priority.workplan_id}&page_size=50",
    ]


def get_all(client, urls):
    return {url: client.get(url) for url in urls}


def test_it_serves_a_repeated_request_from_the_cache_with_one_query(
    client, priority, django_assert_num_queries
):
    for url in pages_and_endpoints(priority):
        first = client.get(url)

        # The data version.
        with django_assert_num_queries(1):
            again = client.get(url)

        assert (again.status_code, again.content, dict(again.items())) == (
            200,
            first.content,
            dict(first.items()),
        )


def test_it_shows_a_changed_priority_in_the_next_response_of_every_page_and_endpoint(
    client, priority
):
    urls = pages_and_endpoints(priority)
    before = get_all(client, urls)
    get_all(client, urls)

    priority.title = NEW
    priority.save()
    after = get_all(client, urls)

    assert [url for url, response in before.items() if OLD in response.content.decode()] == urls
    assert [url for url, response in after.items() if NEW in response.content.decode()] == urls
    assert [url for url, response in after.items() if OLD in response.content.decode()] == []


def test_it_shows_a_status_change_in_the_next_api_response(client, priority):
    url = f"/api/v1/priorities/{priority.pk}/"
    client.get(url)

    record_priority_update(priority=priority, status="completed")
    response = client.get(url)

    assert (response.json()["status"], response.json()["progress"]) == ("completed", 100)


def test_it_renders_anew_after_any_write_anywhere(client, priority, django_assert_num_queries):
    url = f"/api/v1/priorities/{priority.pk}/"
    client.get(url)

    OrganisationFactory()

    # The data version, the priority with its plan and lead, its forums, its working groups,
    # the priorities that continue it.
    with django_assert_num_queries(5):
        client.get(url)


def test_it_shows_a_bulk_write_once_the_version_is_bumped(client, priority):
    url = f"/api/v1/priorities/{priority.pk}/"
    client.get(url)

    Priority.objects.filter(pk=priority.pk).update(title=NEW)
    versions.bump()

    assert client.get(url).json()["title"] == NEW


def test_it_answers_a_conditional_get_from_the_cache(client, priority, django_assert_num_queries):
    url = "/api/v1/priorities/"
    etag = client.get(url)["ETag"]

    # The data version.
    with django_assert_num_queries(1):
        response = client.get(url, headers={"If-None-Match": etag})

    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)


@pytest.mark.parametrize(
    ("validator", "header"), [("ETag", "If-None-Match"), ("Last-Modified", "If-Modified-Since")]
)
def test_it_answers_clients_that_always_send_their_validators_from_the_cache(
    client, priority, monkeypatch, validator, header
):
    url = "/api/v1/priorities/?format=csv"
    value = client.get(url)[validator]
    # The stored copy has expired (or this worker never rendered the URL).
    caches["responses"].clear()
    views = []
    monkeypatch.setattr(
        PriorityViewSet,
        "list",
        lambda *args, list=PriorityViewSet.list: views.append(1) or list(*args),
    )

    statuses = [client.get(url, headers={header: value}).status_code for _ in range(3)]

    assert (statuses, len(views)) == ([304, 304, 304], 1)


def test_it_answers_a_conditional_get_of_a_response_it_cannot_store_from_the_view(
    client, priority, settings, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(cache, "MAX_BODY", 10)
    url = "/api/v1/priorities/"
    etag = client.get(url)["ETag"]

    responses = [client.get(url, headers={"If-None-Match": etag}) for _ in range(2)]
    # Known as too large to store: the view answers from the version alone.
    with django_assert_num_queries(1):
        last = client.get(url, headers={"If-None-Match": etag})

    assert [r.status_code for r in [*responses, last]] == [304, 304, 304]


def test_it_answers_in_full_when_the_clients_copy_is_out_of_date(client, priority):
    url = "/api/v1/priorities/"
    etag = client.get(url)["ETag"]

    priority.title = NEW
    priority.save()
    response = client.get(url, headers={"If-None-Match": etag})

    assert (response.status_code, response.json()["results"][0]["title"]) == (200, NEW)
    assert response["ETag"] != etag


def test_it_keeps_each_format_apart(client, priority):
    url = f"/api/v1/priorities/{priority.pk}/"

    as_json = client.get(url, headers={"Accept": "application/json"})
    as_csv = client.get(url, headers={"Accept": "text/csv"})
    again_json = client.get(url, headers={"Accept": "application/json"})

    assert [as_json["Content-Type"], as_csv["Content-Type"], again_json["Content-Type"]] == [
        "application/json",
        "text/csv; charset=utf-8",
        "application/json",
    ]
    assert again_json.content == as_json.content


def test_it_reads_the_version_once_per_request(client, priority):
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/priorities/")

    version_reads = [q["sql"] for q in queries.captured_queries if "sync_dataversion" in q["sql"]]
    assert len(version_reads) == 1


def test_it_never_serves_a_signed_in_user_from_the_cache(client, priority):
    client.get("/")
    client.force_login(UserFactory(is_superuser=True))

    with CaptureQueriesContext(connection) as queries:
        client.get("/")

    # The page was rendered for this user: its session and user were read.
    assert len(queries) > 2


def test_it_never_serves_a_token_client_from_the_cache(client, priority):
    url = f"/api/v1/priorities/{priority.pk}/"
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        client.get(url, headers={"Authorization": "Token not-a-valid-token"})

    assert [q["sql"] for q in queries.captured_queries if "authtoken" in q["sql"]] != []


def test_it_does_not_store_errors(client, priority, django_assert_num_queries):
    client.get("/api/v1/priorities/999999/")

    # The data version, then the view again (the priority is looked up).
    with django_assert_num_queries(2):
        response = client.get("/api/v1/priorities/999999/")

    assert response.status_code == 404


def test_it_keeps_probes_out_of_the_cache(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/healthz")


def test_it_keeps_throttling_anonymous_api_clients(client, priority, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    url = f"/api/v1/priorities/{priority.pk}/"

    statuses = [client.get(url).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_it_does_not_throttle_pages(client, priority, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    statuses = [client.get("/").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


def test_it_never_reuses_an_answer_from_before_the_database_was_restored(client, priority):
    url = "/api/v1/priorities/?page_size=1"
    before = client.get(url)
    version, changed_at = versions.current()
    # A restore: other data, and the same version number reached at another time.
    Priority.objects.filter(pk=priority.pk).update(title=NEW)
    PriorityUpdateFactory(priority__title="Another priority")
    DataVersion.objects.filter(pk=versions.ROW).update(
        n=version, changed_at=changed_at + timedelta(seconds=1)
    )

    after = client.get(url, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after.json()["results"][0]["title"] == NEW
    assert (before.json()["count"], after.json()["count"]) == (1, 2)
    assert after["ETag"] != before["ETag"]
