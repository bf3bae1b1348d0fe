"""Search: `?search=` of the API lists and the site's search page, by words on PostgreSQL
(ranked up to `RANKED` matches, newest first beyond, from a GIN index) and by substring on
SQLite."""

import datetime

import pytest
from django.db import connection

from meetings.models import Meeting
from restapi import search as search_module
from restapi.search import search
from tests.factories import (
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    PriorityFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)
from tests.html_text import texts
from workplan.models import Priority

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def test_the_api_finds_priorities_by_the_words_of_their_title_and_description(client):
    plan = WorkPlanFactory()
    PriorityFactory(workplan=plan, title="Guidance on victim identification", order=1)
    PriorityFactory(
        workplan=plan, title="Regional policy", description="Guidelines for data", order=2
    )
    PriorityFactory(workplan=plan, title="Labour migration", order=3)

    found = client.get("/api/v1/priorities/?search=guid").json()["results"]

    assert sorted(priority["title"] for priority in found) == [
        "Guidance on victim identification",
        "Regional policy",
    ]


def test_the_api_finds_a_record_only_when_every_word_is_in_it(client):
    plan = WorkPlanFactory()
    PriorityFactory(workplan=plan, title="Guidance on victim identification", order=1)
    PriorityFactory(workplan=plan, title="Victim support guidance", order=2)
    PriorityFactory(workplan=plan, title="Identification of victims", order=3)

    found = client.get("/api/v1/priorities/?search=identification victim").json()["results"]

    # Words in any order; "victim" starts "victims" too.
    assert sorted(priority["title"] for priority in found) == [
        "Guidance on victim identification",
        "Identification of victims",
    ]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="ranking is PostgreSQL's full-text search")
def test_on_postgresql_the_best_matches_come_first(client):
    plan = WorkPlanFactory()
    PriorityFactory(
        workplan=plan, title="Regional cooperation", description="Some trafficking cases", order=1
    )
    PriorityFactory(
        workplan=plan,
        title="Trafficking in persons",
        description="Trafficking data and trafficking law",
        order=2,
    )

    found = client.get("/api/v1/priorities/?search=trafficking").json()["results"]

    assert [priority["title"] for priority in found] == [
        "Trafficking in persons",
        "Regional cooperation",
    ]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="ranking is PostgreSQL's full-text search")
@pytest.mark.parametrize(
    ("ranked", "expected"),
    [
        (3, ["Trafficking in persons", "Regional cooperation", "Trafficking"]),
        (2, ["Trafficking", "Regional cooperation", "Trafficking in persons"]),
    ],
)
def test_on_postgresql_more_matches_than_are_ranked_come_newest_first(
    client, monkeypatch, ranked, expected
):
    monkeypatch.setattr(search_module, "RANKED", ranked)
    plan = WorkPlanFactory()
    PriorityFactory(
        workplan=plan,
        title="Trafficking in persons",
        description="Trafficking data and trafficking law",
        order=1,
    )
    PriorityFactory(
        workplan=plan, title="Regional cooperation", description="Some trafficking cases", order=2
    )
    PriorityFactory(workplan=plan, title="Trafficking", order=3)
    PriorityFactory(workplan=plan, title="Labour migration", order=4)

    found = client.get("/api/v1/priorities/?search=trafficking").json()

    assert [priority["title"] for priority in found["results"]] == expected
    assert found["count"] == 3


@pytest.mark.skipif(not ON_POSTGRESQL, reason="ranking is PostgreSQL's full-text search")
def test_on_postgresql_the_matches_are_counted_for_ranking_after_the_other_filters(
    client, monkeypatch
):
    monkeypatch.setattr(search_module, "RANKED", 2)
    plan, other = WorkPlanFactory(), WorkPlanFactory()
    PriorityFactory(
        workplan=plan,
        title="Trafficking in persons",
        description="Trafficking data and trafficking law",
        order=1,
    )
    PriorityFactory(workplan=plan, title="Trafficking", order=2)
    for order in range(3):
        PriorityFactory(workplan=other, title="Trafficking", order=order)

    found = client.get(f"/api/v1/priorities/?workplan={plan.pk}&search=trafficking").json()

    # Five records match the word, two of them in the plan: those two are ranked.
    assert [priority["title"] for priority in found["results"]] == [
        "Trafficking in persons",
        "Trafficking",
    ]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the GIN indexes exist on PostgreSQL only")
def test_on_postgresql_every_searched_table_has_its_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gin%to_tsvector%'"
        )
        names = sorted(row[0] for row in cursor.fetchall())

    assert names == [
        "actionitem_search",
        "forums_forum_search",
        "meetings_meeting_search",
        "priority_search",
        "priorityupdate_search",
        "workplan_search",
    ]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the GIN indexes exist on PostgreSQL only")
def test_on_postgresql_the_search_reads_the_gin_index():
    PriorityFactory(title="Guidance on victim identification")

    query = search(Priority.objects.all(), ("title", "description"), "guidance")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = query.explain()
        cursor.execute("SET enable_seqscan = on")

    assert "priority_search" in plan


def test_the_index_is_current_after_a_write(client):
    plan = WorkPlanFactory()
    priority = PriorityFactory(workplan=plan, title="Labour migration")
    client.get("/api/v1/priorities/?search=recruitment")

    priority.title = "Fair recruitment"
    priority.save()
    found = client.get("/api/v1/priorities/?search=recruitment").json()["results"]

    assert [p["title"] for p in found] == ["Fair recruitment"]


def test_the_search_page_finds_each_kind_of_record(client):
    group = WorkingGroupFactory(name="Example Working Group")
    meeting = MeetingFactory(working_group=group, title="Example Annual Meeting on Recruitment")
    ForumFactory(working_group=group, title="Example Forum on Fair Recruitment")
    plan = WorkPlanFactory(
        working_group=group, title="Example Work Plan", summary="Recruitment first"
    )
    PriorityFactory(workplan=plan, title="Ethical recruitment")
    MemberFactory(name="Example Recruitment Agency")
    MeetingFactory(working_group=group, title="Example Meeting on Data")

    response = client.get("/search/?q=recruitment")

    assert texts(response.content, "h2") == [
        "Meetings",
        "Forums",
        "Work plans",
        "Priorities",
        "Action items",
        "Members",
    ]
    assert texts(response.content, "ul.link-list") == [
        f"{meeting.title} (2018)",
        "Example Forum on Fair Recruitment (2018)",
        "Example Work Plan (2016)",
        f"Ethical recruitment ({plan.title})",
        "Example Recruitment Agency",
    ]
    assert texts(response.content, "p.search-note") == ["No action items match."]


@pytest.mark.parametrize("matches", [1, 12])
def test_the_search_page_reads_in_the_same_number_of_queries_at_any_size(
    client, django_assert_num_queries, monkeypatch, matches
):
    # Twelve matches are more than are ranked: the page then reads them newest first.
    monkeypatch.setattr(search_module, "RANKED", 5)
    group = WorkingGroupFactory()
    Meeting.objects.bulk_create(
        Meeting(
            working_group=group,
            title=f"Example Meeting on Recruitment {n}",
            slug=f"example-meeting-{n}",
            start_date=datetime.date(2018, 1, 1 + n),
            end_date=datetime.date(2018, 1, 1 + n),
        )
        for n in range(matches)
    )

    # data version; for meetings, forums, work plans, priorities, action items and members:
    # (on PostgreSQL, whether more than RANKED match, then) the first eleven
    with django_assert_num_queries(13 if ON_POSTGRESQL else 7):
        response = client.get("/search/?q=recruitment")

    assert len(texts(response.content, "li.search-result")) == min(matches, 10)
    assert texts(response.content, "p.search-note")[:1] == (
        ["The first 10 are shown. Every meetings match."] if matches > 10 else ["No forums match."]
    )


def test_the_search_page_without_words_shows_the_form_alone(client):
    response = client.get("/search/")

    assert texts(response.content, "h2") == []
    assert texts(response.content, "label") == ["Look for"]


def test_the_search_page_answers_an_overlong_text_with_a_400(client):
    response = client.get("/search/?q=" + "a" * 201)

    assert response.status_code == 400
    assert texts(response.content, "h1") == ["Bad request"]
