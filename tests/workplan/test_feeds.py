"""Atom feeds of priority updates: parsed with an XML parser and checked against RFC 4287."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import PriorityFactory, PriorityUpdateFactory, UserFactory, WorkPlanFactory
from tests.seed_data import load_seed

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
ALL_UPDATES = reverse("exports:updates-feed")


def at(day, hour=9):
    return datetime.datetime(2017, 3, day, hour, tzinfo=datetime.UTC)


def only(element, name):
    found = element.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"expected one atom:{name} in {element.tag}, found {len(found)}"
    return found[0]


def links(element):
    return {
        link.get("rel", "alternate"): link.get("href") for link in element.findall(f"{ATOM}link")
    }


def parse_atom(response):
    """The feed's entries as dicts, after checking the RFC 4287 rules a reader relies on."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert IRI.match(only(feed, "id").text)
    assert only(feed, "title").text
    assert RFC3339.match(only(feed, "updated").text)
    assert set(links(feed)) == {"alternate", "self"}
    assert links(feed)["self"] == response.wsgi_request.build_absolute_uri()
    feed_has_author = bool(only(feed, "author").find(f"{ATOM}name").text)
    entries = []
    for entry in feed.findall(f"{ATOM}entry"):
        assert IRI.match(only(entry, "id").text)
        assert RFC3339.match(only(entry, "updated").text)
        assert feed_has_author or entry.find(f"{ATOM}author") is not None
        summary = only(entry, "summary")
        assert summary.get("type") == "html"
        entries.append(
            {
                "id": only(entry, "id").text,
                "title": only(entry, "title").text,
                "link": links(entry)["alternate"],
                "published": only(entry, "published").text,
                "updated": only(entry, "updated").text,
                "author": only(entry, "author").find(f"{ATOM}name").text,
                "categories": [
                    category.get("term") for category in entry.findall(f"{ATOM}category")
                ],
                "summary": summary.text,
            }
        )
    assert len({entry["id"] for entry in entries}) == len(entries), "entry ids must be unique"
    return feed, entries


def test_it_publishes_the_seed_priorities_agreed_in_2016(client):
    load_seed()

    feed, entries = parse_atom(client.get(ALL_UPDATES))

    assert only(feed, "updated").text == "2016-05-19T05:00:00+00:00"
    assert links(feed)["alternate"] == "http://testserver/work-plans/"
    assert len(entries) == 7
    assert {entry["link"] for entry in entries} == {
        f"http://testserver/work-plans/work-plan-2016-17/priorities/{slug}/"
        for slug in (
            "policy-guides",
            "guidance-tools",
            "sharing-information",
            "following-the-money-outcomes",
            "private-sector-and-ngos",
            "cooperation-with-disruption-working-group",
            "regional-roadmap",
        )
    }
    policy_guides = next(entry for entry in entries if entry["link"].endswith("/policy-guides/"))
    assert policy_guides["title"] == (
        "Expanding the promotion and use of the Bali Process policy guides: "
        "Not started, progress not reported"
    )
    assert policy_guides["summary"] == (
        "<p>Status: Not started. Progress: not reported.</p>"
        "<p>Agreed by the Working Group at its Second Annual Meeting in Bangkok, "
        "in the updated Work Plan 2016–17.</p>"
        "<p>Work Plan 2016–17 · as of 2016-05-19 · reported at Second Annual Meeting of the "
        "Trafficking in Persons Working Group</p>"
    )
    assert policy_guides["categories"] == ["Not started"]
    assert policy_guides["author"] == "Working Group"


def test_it_lists_each_update_newest_first_with_the_change_and_the_note(client):
    priority = PriorityFactory(title="Regional roadmap.", slug="roadmap", workplan__slug="wp")
    PriorityUpdateFactory(priority=priority, recorded_at=at(1), new_progress=0)
    PriorityUpdateFactory(
        priority=priority,
        old_status="not_started",
        new_status="in_progress",
        old_progress=0,
        new_progress=40,
        note="Draft shared with members.\n\nComments due in May <soon>.",
        author=UserFactory(first_name="Amara", last_name="Perera"),
        recorded_at=at(20),
    )

    _feed, entries = parse_atom(client.get(ALL_UPDATES))

    assert [(entry["title"], entry["published"], entry["author"]) for entry in entries] == [
        ("Regional roadmap: Not started 0% → In progress 40%", at(20).isoformat(), "Secretariat"),
        ("Regional roadmap: Not started 0%", at(1).isoformat(), "Working Group"),
    ]
    assert entries[0]["summary"] == (
        "<p>Status: Not started → In progress. Progress: 0% → 40%.</p>"
        "<p>Draft shared with members.</p>\n\n<p>Comments due in May &lt;soon&gt;.</p>"
        f"<p>{priority.workplan} · as of 2017-03-20</p>"
    )
    assert entries[0]["categories"] == ["In progress"]
    assert (
        entries[0]["link"]
        == entries[1]["link"]
        == "http://testserver/work-plans/wp/priorities/roadmap/"
    )
    assert entries[0]["id"] != entries[1]["id"]
    assert "Amara" not in client.get(ALL_UPDATES).content.decode()


def test_it_keeps_an_entry_id_whatever_the_host(client):
    PriorityUpdateFactory()

    _feed, entries = parse_atom(client.get(ALL_UPDATES))
    _feed, again = parse_atom(client.get(ALL_UPDATES, HTTP_HOST="localhost"))

    assert [entry["id"] for entry in again] == [entry["id"] for entry in entries]
    assert entries[0]["id"].startswith("urn:uuid:")


def test_it_gives_a_plan_its_own_feed(client):
    plan = WorkPlanFactory(title="Work Plan 2018–19", slug="work-plan-2018-19")
    PriorityUpdateFactory(priority__workplan=plan, priority__title="Ours.", new_progress=0)
    PriorityUpdateFactory(priority__title="Another plan's.", new_progress=0)
    url = reverse("exports:workplan-updates-feed", args=[plan.slug])

    feed, entries = parse_atom(client.get(url))

    assert [entry["title"] for entry in entries] == ["Ours: Not started 0%"]
    assert only(feed, "title").text == f"Work Plan 2018–19 updates · {plan.working_group}"
    assert links(feed)["alternate"] == "http://testserver/work-plans/work-plan-2018-19/"


def test_it_filters_entries_with_the_api_filterset(client):
    wanted = PriorityUpdateFactory(
        priority__title="Wanted.", note="border training", new_progress=0
    )
    PriorityUpdateFactory(priority__title="Other.", note="asset recovery", new_progress=0)

    _feed, by_note = parse_atom(client.get(ALL_UPDATES, {"search": "border"}))
    _feed, by_priority = parse_atom(client.get(ALL_UPDATES, {"priority": wanted.priority_id}))

    assert [entry["title"] for entry in by_note] == ["Wanted: Not started 0%"]
    assert [entry["title"] for entry in by_priority] == ["Wanted: Not started 0%"]


def test_it_refuses_a_malformed_filter(client):
    response = client.get(ALL_UPDATES, {"recorded_since": "last tuesday"})

    assert response.status_code == 400


def test_it_answers_not_found_for_an_unknown_plan(client):
    response = client.get(reverse("exports:workplan-updates-feed", args=["no-such-plan"]))

    assert response.status_code == 404


def test_it_is_advertised_on_the_plan_page_and_the_home_page(client):
    plan = WorkPlanFactory(slug="work-plan-2018-19")

    plan_page = client.get(plan.get_absolute_url()).content.decode()
    home_page = client.get(reverse("workplan:home")).content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'href="/work-plans/work-plan-2018-19/updates.atom"'
    ) in plan_page
    assert '<link rel="alternate" type="application/atom+xml" href="/updates.atom"' in home_page


@pytest.mark.parametrize("count", [1, 5])
def test_it_reads_the_feeds_in_constant_queries(client, django_assert_num_queries, count):
    plan = WorkPlanFactory()
    PriorityUpdateFactory.create_batch(count, priority__workplan=plan)

    # The data version (response cache), then the updates with their priorities and plans.
    with django_assert_num_queries(2):
        _feed, all_entries = parse_atom(client.get(ALL_UPDATES))
    # The data version, the plan, then its updates.
    with django_assert_num_queries(3):
        _feed, plan_entries = parse_atom(
            client.get(reverse("exports:workplan-updates-feed", args=[plan.slug]))
        )

    assert len(all_entries) == len(plan_entries) == count
