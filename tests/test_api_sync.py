"""What partners' mirrors rely on: envelope and pages, CSV, conditional GET, deletions,
`updated_since` on every list, rate limits, and the privacy of participants."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from meetings.models import Member
from tests.api_client import API, absolute, auth, token_for
from tests.factories import (
    ActionItemFactory,
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    ParticipantFactory,
    PresentationFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    UserFactory,
)
from workplan.services import record_priority_update

pytestmark = pytest.mark.django_db

RESOURCES = [
    "members",
    "organisations",
    "working-groups",
    "meetings",
    "workplans",
    "priorities",
    "action-items",
    "priority-updates",
    "forums",
    "participants",
    "presentations",
    "deletions",
]


def test_it_lists_the_resources_at_the_root(client):
    response = client.get(API)

    assert response.json() == {name: absolute(f"{API}{name}/") for name in RESOURCES}


def test_it_pages_with_the_envelope_and_a_stable_order(client):
    members = [MemberFactory(name="Same name " + str(n % 2) + chr(65 + n)) for n in range(5)]
    expected = sorted(members, key=lambda member: (member.name, member.pk))

    first = client.get(f"{API}members/?page_size=2")
    last = client.get(f"{API}members/?page_size=2&page=3")

    assert first.json() == {
        "count": 5,
        "next": absolute(f"{API}members/?page=2&page_size=2"),
        "previous": None,
        "results": [first.json()["results"][0], first.json()["results"][1]],
    }
    assert [r["id"] for r in first.json()["results"]] == [m.pk for m in expected[:2]]
    assert last.json()["previous"] == absolute(f"{API}members/?page=2&page_size=2")
    assert [r["id"] for r in last.json()["results"]] == [expected[4].pk]


def test_it_caps_the_page_size(client):
    Member.objects.bulk_create(
        Member(name=f"State {n:03}", slug=f"state-{n}", kind="member_state") for n in range(201)
    )

    response = client.get(f"{API}members/?page_size=1000")

    assert (len(response.json()["results"]), response.json()["next"]) == (
        200,
        absolute(f"{API}members/?page=2&page_size=1000"),
    )


def test_it_answers_a_page_past_the_end_with_a_json_404(client):
    MemberFactory()

    response = client.get(f"{API}members/?page=2")

    assert (response.status_code, response.json()) == (404, {"detail": "Invalid page."})


@pytest.mark.parametrize("how", ["parameter", "accept"])
def test_it_serves_a_filtered_list_as_csv_with_a_header_row(client, how):
    done = PriorityFactory(status="completed", progress=100, title="=SUM(A1) guide")
    PriorityFactory(status="not_started")
    if how == "parameter":
        response = client.get(f"{API}priorities/?format=csv&status=completed")
    else:
        response = client.get(f"{API}priorities/?status=completed", headers={"accept": "text/csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0] == [
        "id",
        "slug",
        "url",
        "workplan",
        "workplan_url",
        "order",
        "title",
        "description",
        "status",
        "progress",
        "lead_organisation",
        "lead_organisation_url",
        "lead_member",
        "lead_member_url",
        "target_date",
        "related_forums",
        "related_forums_urls",
        "related_working_groups",
        "related_working_groups_urls",
        "continues",
        "continues_url",
        "continued_by",
        "continued_by_urls",
        "updated_at",
    ]
    assert [row[:10] for row in rows[1:]] == [
        [
            str(done.pk),
            done.slug,
            absolute(f"{API}priorities/{done.pk}/"),
            str(done.workplan_id),
            absolute(f"{API}workplans/{done.workplan_id}/"),
            str(done.order),
            "'=SUM(A1) guide",
            "",
            "completed",
            "100",
        ]
    ]


def test_it_puts_every_record_in_one_csv_and_a_header_on_an_empty_one(client):
    for _ in range(3):
        MemberFactory()

    full = client.get(f"{API}members/?format=csv&page_size=1")
    empty = client.get(f"{API}members/?format=csv&search=nothing-matches")

    assert len(full.content.decode().splitlines()) == 4
    assert empty.content.decode() == "id,slug,url,name,abbreviation,kind,updated_at\r\n"


def test_it_answers_errors_in_json_even_when_csv_was_asked(client):
    response = client.get(f"{API}priorities/?format=csv&status=done")

    assert (response.status_code, response["Content-Type"]) == (400, "application/json")


def test_it_answers_304_while_nothing_changes_and_200_after_a_change(client):
    priority = PriorityFactory()
    first = client.get(f"{API}priorities/")

    unchanged = client.get(f"{API}priorities/", headers={"if-none-match": first["ETag"]})
    unchanged_since = client.get(
        f"{API}priorities/", headers={"if-modified-since": first["Last-Modified"]}
    )
    record_priority_update(priority=priority, status="in_progress")
    changed = client.get(f"{API}priorities/", headers={"if-none-match": first["ETag"]})

    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged["ETag"] == first["ETag"]
    assert unchanged_since.status_code == 304
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert changed.json()["results"][0]["status"] == "in_progress"


def test_it_gives_each_query_and_format_its_own_etag(client):
    priority = PriorityFactory()

    etags = {
        client.get(path)["ETag"]
        for path in (
            f"{API}priorities/",
            f"{API}priorities/?status=ongoing",
            f"{API}priorities/?format=csv",
            f"{API}priorities/{priority.pk}/",
        )
    }

    assert len(etags) == 4


def test_it_answers_a_conditional_detail_in_two_queries(client, django_assert_num_queries):
    priority = PriorityFactory()
    etag = client.get(f"{API}priorities/{priority.pk}/")["ETag"]

    # The data version; nothing else is read for a 304.
    with django_assert_num_queries(1):
        response = client.get(f"{API}priorities/{priority.pk}/", headers={"if-none-match": etag})

    assert response.status_code == 304


@pytest.mark.parametrize("resource", [name for name in RESOURCES if name != "deletions"])
def test_it_filters_every_list_by_updated_since(client, resource):
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    PriorityUpdateFactory()
    ActionItemFactory()
    ParticipantFactory()
    PresentationFactory(forum=None, meeting=MeetingFactory())

    everything = client.get(f"{API}{resource}/?updated_since=2000-01-01")
    nothing = client.get(f"{API}{resource}/", {"updated_since": future})

    assert everything.json()["count"] >= 1
    assert nothing.json()["count"] == 0


def test_it_lists_deletions_since_a_time(client):
    kept = PriorityFactory()
    gone, also_gone = PriorityUpdateFactory(priority=kept), ForumFactory()
    gone_id, forum_id = gone.pk, also_gone.pk
    gone.delete()
    also_gone.delete()

    everything = client.get(f"{API}deletions/?since=2000-01-01T00:00:00Z")
    only_updates = client.get(f"{API}deletions/?resource=priority-updates")
    later = client.get(f"{API}deletions/?since=2999-01-01")

    assert [
        (record["resource"], record["object_id"]) for record in everything.json()["results"]
    ] == [("priority-updates", gone_id), ("forums", forum_id)]
    assert sorted(everything.json()["results"][0]) == ["deleted_at", "id", "object_id", "resource"]
    assert [r["object_id"] for r in only_updates.json()["results"]] == [gone_id]
    assert later.json()["results"] == []


def test_it_rejects_a_bad_deletions_filter(client):
    response = client.get(f"{API}deletions/?since=last-week&resource=people")

    assert sorted(response.json()["errors"]) == ["resource", "since"]


def test_it_throttles_anonymous_clients_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    # Distinct queries: identical anonymous reads may be answered from the response cache.
    statuses = [client.get(f"{API}members/?page_size={n}").status_code for n in (1, 2, 3)]
    refused = client.get(f"{API}members/?page_size=4")

    assert statuses == [200, 200, 429]
    assert refused.json()["detail"].startswith("Request was throttled.")
    assert 0 < int(refused["Retry-After"]) <= 60


def test_it_throttles_token_clients_at_their_own_rate(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    headers = auth(token_for(UserFactory()))

    statuses = [client.get(f"{API}members/", headers=headers).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_it_never_publishes_participants_names_or_contacts(client):
    participant = ParticipantFactory(
        individual_names="Officer Zqxwname", individual_contacts="zqxw.contact@example.org"
    )
    paths = [
        f"{API}participants/",
        f"{API}participants/{participant.pk}/",
        f"{API}participants/?format=csv",
        f"{API}participants/?search=Zqxwname",
        f"{API}forums/",
        f"{API}forums/{participant.forum_id}/?format=csv",
        f"{API}schema/?format=json",
    ]

    bodies = {path: client.get(path).content.decode() for path in paths}

    assert all(body for body in bodies.values())
    assert [path for path, body in bodies.items() if "zqxw" in body.lower()] == []
    assert client.get(f"{API}participants/?search=Zqxwname").json()["count"] == 0
