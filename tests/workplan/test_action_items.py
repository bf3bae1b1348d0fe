"""Action items under a priority, each member's part, and the one history they share with
the priorities: tested as the secretariat and the members' officials use them."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.api_client import API, absolute, auth, token_for
from tests.factories import (
    ActionItemFactory,
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    PriorityFactory,
    UserFactory,
    WorkPlanFactory,
)
from tests.html_text import texts
from workplan.models import ActionItem, ItemRollUp, Priority, PriorityUpdate
from workplan.services import record_action_item_update, record_priority_update

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = timezone.localdate


def plan_with_priority():
    plan = WorkPlanFactory(
        title="Example Work Plan 2026–27", slug="example-2026", start_year=2026, end_year=2027
    )
    priority = PriorityFactory(
        workplan=plan, order=1, title="Example priority: share case studies", slug="share"
    )
    return plan, priority


def admin_add_item(client, priority, order, title, member):
    return client.post(
        reverse("admin:workplan_actionitem_add"),
        {
            "priority": priority.pk,
            "order": order,
            "title": title,
            "status": "not_started",
            "progress": "",
            "note": "",
            "lead_members": [member.pk],
            "lead_organisations": [],
            "target_date": "",
        },
    )


def test_the_secretariat_adds_two_items_updates_them_in_admin_and_api_and_every_surface_shows_them(
    client,
):
    _, priority = plan_with_priority()
    thailand = MemberFactory(name="Thailand", slug="thailand", kind="member_state")
    unodc = MemberFactory(name="UNODC", slug="unodc", kind="member_organisation")
    officer = UserFactory(username="amara", groups=["Secretariat"])
    client.force_login(officer)

    added = [
        admin_add_item(
            client, priority, 1, "Example item: a regional case-study workshop", thailand
        ),
        admin_add_item(client, priority, 2, "Example item: a guide for prosecutors", unodc),
    ]
    workshop, guide = ActionItem.objects.order_by("order")
    changelist = reverse("admin:workplan_actionitem_changelist")
    list_edit = client.post(
        changelist,
        {
            "form-TOTAL_FORMS": 2,
            "form-INITIAL_FORMS": 2,
            "_save": "Save",
            "form-0-id": guide.pk,
            "form-0-status": "not_started",
            "initial-form-0-status": "not_started",
            "form-0-progress": "",
            "initial-form-0-progress": "",
            "form-1-id": workshop.pk,
            "form-1-status": "in_progress",
            "initial-form-1-status": "not_started",
            "form-1-progress": "40",
            "initial-form-1-progress": "",
        },
    )
    patch = client.patch(
        f"{API}action-items/{guide.pk}/",
        {"status": "completed", "note": "Example: the guide was published."},
        content_type="application/json",
        headers=auth(token_for(officer)),
    )
    client.logout()

    assert [r.status_code for r in added] == [302, 302]
    assert (list_edit.status_code, patch.status_code) == (302, 200)
    history = PriorityUpdate.objects.of_items().order_by("action_item__order", "pk")
    assert [
        (u.action_item.order, u.priority_id, u.change_display, u.note, u.author_id) for u in history
    ] == [
        (1, priority.pk, "Not started, progress not reported", "", officer.pk),
        (
            1,
            priority.pk,
            "Not started, progress not reported → In progress 40%",
            "",
            officer.pk,
        ),
        (2, priority.pk, "Not started, progress not reported", "", officer.pk),
        (
            2,
            priority.pk,
            "Not started, progress not reported → Completed 100%",
            "Example: the guide was published.",
            officer.pk,
        ),
    ]
    # The priority's own state is its own: its items' entries leave it as it was.
    priority.refresh_from_db()
    assert (priority.status, priority.progress) == ("not_started", 0)
    assert priority.updates.own().count() == 0

    page = client.get(priority.get_absolute_url()).content.decode()
    assert texts(page, "h3.action-item__title") == [
        "1.1 Example item: a regional case-study workshop",
        "1.2 Example item: a guide for prosecutors",
    ]
    assert texts(page, "p.update__note") == ["Example: the guide was published."]
    assert len(texts(page, "li.update")) == 4
    assert texts(page, "p.item-roll-up__how") == [
        "How it is worked out: Mean of 2 action items with reported progress; cancelled items "
        "are left out. Completed when every item is completed or cancelled."
    ]
    assert texts(page, "p.item-roll-up__figure") == [
        "From its action items: 70 %; 1 of 2 completed or cancelled."
    ]

    for member, item in ((thailand, workshop), (unodc, guide)):
        member_page = client.get(f"/members/{member.slug}/").content.decode()
        assert texts(member_page, "td.item-title") == [item.title]

    feed = ET.fromstring(client.get("/updates.atom").content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert sorted(titles) == sorted(
        [
            "Example item: a regional case-study workshop: Not started, progress not reported",
            "Example item: a regional case-study workshop: Not started, progress not reported "
            "→ In progress 40%",
            "Example item: a guide for prosecutors: Not started, progress not reported",
            "Example item: a guide for prosecutors: Not started, progress not reported "
            "→ Completed 100%",
        ]
    )

    items = client.get(f"{API}action-items/?priority={priority.pk}").json()["results"]
    assert [(i["title"], i["status"], i["progress"], i["leads"]) for i in items] == [
        (
            workshop.title,
            "in_progress",
            40,
            [
                {
                    "type": "member",
                    "id": thailand.pk,
                    "name": "Thailand",
                    "url": absolute(f"{API}members/{thailand.pk}/"),
                }
            ],
        ),
        (
            guide.title,
            "completed",
            100,
            [
                {
                    "type": "member",
                    "id": unodc.pk,
                    "name": "UNODC",
                    "url": absolute(f"{API}members/{unodc.pk}/"),
                }
            ],
        ),
    ]
    entries = client.get(f"{API}priority-updates/?action_item={guide.pk}").json()["results"]
    assert [(e["action_item"], e["priority"], e["new_status"]) for e in entries] == [
        (guide.pk, priority.pk, "completed"),
        (guide.pk, priority.pk, "not_started"),
    ]


def test_the_action_items_resource_names_every_field_of_the_contract(client):
    _, priority = plan_with_priority()
    member = MemberFactory(name="Indonesia", slug="indonesia")
    agency = OrganisationFactory(name="Example agency", slug="example-agency", member=member)
    item = ActionItemFactory(
        priority=priority,
        order=3,
        title="Example item",
        lead_members=[member],
        lead_organisations=[agency],
        target_date=datetime.date(2027, 6, 30),
    )

    record = client.get(f"{API}action-items/{item.pk}/").json()

    assert record == {
        "id": item.pk,
        "url": absolute(f"{API}action-items/{item.pk}/"),
        "priority": priority.pk,
        "priority_url": absolute(f"{API}priorities/{priority.pk}/"),
        "workplan": priority.workplan_id,
        "order": 3,
        "title": "Example item",
        "leads": [
            {
                "type": "member",
                "id": member.pk,
                "name": "Indonesia",
                "url": absolute(f"{API}members/{member.pk}/"),
            },
            {
                "type": "organisation",
                "id": agency.pk,
                "name": "Example agency",
                "url": absolute(f"{API}organisations/{agency.pk}/"),
            },
        ],
        "status": "not_started",
        "progress": None,
        "target_date": "2027-06-30",
        "updated_at": record["updated_at"],
    }


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"authorization": "Token not-a-real-token"}, 401), ("viewer", 403)],
)
def test_only_the_secretariat_changes_an_action_item(client, headers, status):
    item = ActionItemFactory()
    if headers == "viewer":
        headers = auth(token_for(UserFactory(groups=["Viewers"])))

    response = client.patch(
        f"{API}action-items/{item.pk}/",
        {"status": "completed"},
        content_type="application/json",
        headers=headers,
    )

    item.refresh_from_db()
    assert (response.status_code, item.status, item.updates.count()) == (
        status,
        "not_started",
        0,
    )


def test_a_token_patch_of_an_action_item_records_progress_not_reported_and_a_back_dated_entry(
    client,
):
    plan, priority = plan_with_priority()
    item = ActionItemFactory(priority=priority)
    officer = UserFactory(groups=["Secretariat"])
    today = TODAY()
    record_action_item_update(action_item=item, status="in_progress", progress=50)

    first = client.patch(
        f"{API}action-items/{item.pk}/",
        {"progress": None, "note": "Example: no figure given."},
        content_type="application/json",
        headers=auth(token_for(officer)),
    )
    earlier = client.patch(
        f"{API}action-items/{item.pk}/",
        {"status": "not_started", "as_of": plan.start_date.isoformat()},
        content_type="application/json",
        headers=auth(token_for(UserFactory(groups=["Secretariat"]))),
    )

    item.refresh_from_db()
    assert (first.status_code, earlier.status_code) == (200, 200)
    assert (item.status, item.progress) == ("in_progress", None)
    assert [(u.as_of, u.change_display) for u in item.updates.timeline()] == [
        (today, "In progress 50% → In progress, progress not reported"),
        (today, "Not started, progress not reported → In progress 50%"),
        (plan.start_date, "Not started, progress not reported"),
    ]


def test_an_unchanged_item_leaves_no_entry_and_an_item_entry_never_moves_its_priority():
    _, priority = plan_with_priority()
    record_priority_update(priority=priority, status="in_progress", progress=20)
    item = ActionItemFactory(priority=priority)

    record_action_item_update(action_item=item, status="completed")
    unchanged = record_action_item_update(action_item=item, status="completed")

    assert unchanged is None
    assert item.updates.count() == 1
    as_of = Priority.objects.filter(pk=priority.pk).as_of(TODAY()).get()
    assert (as_of.status, as_of.progress) == ("in_progress", 20)


def test_the_roll_up_states_its_method_and_matches_the_items():
    _, priority = plan_with_priority()
    for order, (status, progress) in enumerate(
        [("completed", 100), ("in_progress", 40), ("cancelled", 0), ("in_progress", None)],
        start=1,
    ):
        ActionItemFactory(priority=priority, order=order, status=status, progress=progress)
    bare = PriorityFactory(workplan=priority.workplan, order=2)

    rolled = {p.pk: p.item_roll_up for p in Priority.objects.with_action_item_counts()}

    assert rolled == {
        priority.pk: ItemRollUp(mean=70, reported=2, unreported=1, total=4, done=2),
        bare.pk: None,
    }
    assert rolled[priority.pk] == ItemRollUp.of(priority.action_items.all())
    assert rolled[priority.pk].method == (
        "Mean of 2 action items with reported progress; 1 not reported; cancelled items are "
        "left out. Completed when every item is completed or cancelled."
    )
    assert rolled[priority.pk].completed is False
    assert ItemRollUp.of([("completed", 100), ("cancelled", None)]).completed is True


def test_the_lead_filter_keeps_priorities_led_through_an_item_or_an_agency_once_each(client):
    plan, first = plan_with_priority()
    member = MemberFactory(slug="sri-lanka", name="Sri Lanka")
    agency = OrganisationFactory(slug="example-police", member=member)
    second = PriorityFactory(workplan=plan, order=2, slug="second", lead_organisation=agency)
    PriorityFactory(workplan=plan, order=3, slug="third")
    ActionItemFactory(priority=first, order=1, lead_members=[member])
    ActionItemFactory(priority=first, order=2, lead_organisations=[agency])
    ActionItemFactory(priority=second, order=1, lead_members=[member])

    api = client.get(f"{API}priorities/?lead=sri-lanka").json()["results"]
    page = client.get(f"{plan.get_absolute_url()}?lead=sri-lanka")
    items = client.get(f"{API}action-items/?lead=sri-lanka").json()["results"]
    agency_items = client.get(f"{API}action-items/?lead=example-police").json()["results"]

    assert [p["slug"] for p in api] == ["share", "second"]
    assert [p.slug for p in page.context["priorities"]] == ["share", "second"]
    assert [(p.item_count, p.item_done_count) for p in page.context["priorities"]] == [
        (2, 0),
        (1, 0),
    ]
    assert len(items) == 3
    assert [i["priority"] for i in agency_items] == [first.pk]


def test_a_member_page_shows_what_it_leads_chairs_hosts_presents_and_attends(client):
    member = MemberFactory(name="Australia", slug="australia", kind="member_state")
    agency = OrganisationFactory(
        name="Example Department", slug="example-department", member=member
    )
    _, priority = plan_with_priority()
    Priority.objects.filter(pk=priority.pk).update(lead_organisation=agency)
    item = ActionItemFactory(priority=priority, title="Example item led by the department")
    item.lead_organisations.add(agency)
    meeting = MeetingFactory(title="Example meeting")
    meeting.co_chair_members.add(member)
    forum = ForumFactory(title="Example forum")
    forum.co_hosts.add(agency)
    PresentationFactory(forum=forum, title="Example case study", organisation=agency)
    ParticipantFactory(
        meeting=meeting, forum=None, member=member, organisation=None, role="delegate"
    )

    page = client.get("/members/australia/").content.decode()

    assert texts(page, "li.organisation") == ["Example Department · Government agency"]
    assert texts(page, "td.item-title") == ["Example item led by the department"]
    assert texts(page, "a.led-priority") == [priority.title]
    assert texts(page, "a.event-chaired") == ["Example meeting"]
    assert texts(page, "a.event-hosted") == ["Example forum"]
    assert [t.split(" · ")[0] for t in texts(page, "li.presentation")] == [
        "Case study Example case study"
    ]
    assert texts(page, "h3.role") == ["Delegate"]


def test_every_name_of_a_member_or_agency_on_an_event_page_links_to_the_member_page(client):
    member = MemberFactory(name="Japan", slug="japan")
    agency = OrganisationFactory(name="Example Ministry", slug="example-ministry", member=member)
    loose = OrganisationFactory(
        name="Example NGO", slug="example-ngo", member=None, kind="non_governmental"
    )
    meeting = MeetingFactory()
    meeting.co_chair_members.add(member)
    meeting.co_hosts.add(agency)
    ParticipantFactory(meeting=meeting, forum=None, organisation=loose, role="observer")

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "/members/japan/" in page
    assert "/members/japan/#organisation-example-ministry" in page
    assert "Example NGO" in page
    assert "example-ngo" not in page


def test_the_csv_of_a_members_action_items_is_spreadsheet_safe(client):
    member = MemberFactory(slug="thailand", name="Thailand")
    _, priority = plan_with_priority()
    ActionItemFactory(priority=priority, order=1, title="=Example formula", lead_members=[member])

    response = client.get("/members/thailand/action-items.csv")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Work plan,Priority,Order,Action item,Leads,Status,Progress (%),Target date,Link"
    )
    assert lines[1] == (
        "Example Work Plan 2026–27,Example priority: share case studies,1,'=Example formula,"
        "Thailand,Not started,,,http://testserver/work-plans/example-2026/priorities/share/"
        "#action-item-1"
    )


def many_items(rows):
    plan, priority = plan_with_priority()
    member = MemberFactory(slug="member-x")
    for n in range(rows):
        agency = OrganisationFactory(member=member)
        item = ActionItemFactory(
            priority=priority, order=n + 1, lead_members=[member], lead_organisations=[agency]
        )
        record_action_item_update(action_item=item, status="in_progress", progress=10 * n)
        meeting = MeetingFactory()
        meeting.co_chairs.add(agency)
        PresentationFactory(meeting=meeting, forum=None, organisation=agency)
        ParticipantFactory(meeting=meeting, forum=None, organisation=agency, role="delegate")
        OrganisationFactory(member=MemberFactory())
    return plan, priority, member


@pytest.mark.parametrize("rows", [1, 3])
def test_new_pages_and_endpoints_take_the_same_queries_for_any_number_of_rows(client, rows):
    plan, priority, member = many_items(rows)
    addresses = {
        "api": f"{API}action-items/?page_size=50",
        "priority page": priority.get_absolute_url(),
        "plan page by lead": f"{plan.get_absolute_url()}?lead={member.slug}",
        "members": "/members/",
        "member page": f"/members/{member.slug}/",
        "member csv": f"/members/{member.slug}/action-items.csv",
    }

    counts, responses = {}, {}
    for name, address in addresses.items():
        with CaptureQueriesContext(connection) as queries:
            responses[name] = client.get(address)
        counts[name] = len(queries)

    assert counts == {
        # The data version, the count, the page, the items' lead members and organisations.
        "api": 5,
        # The data version, the priority with its plan and leads, its forums, working
        # groups and the priorities continuing it, its own entries (none here, so no query
        # for their sources), the items, their lead members and organisations, their
        # entries and those entries' sources.
        "priority page": 11,
        # The data version, the plan, its reviews, sources and the plans it supersedes,
        # the status counts, the roll-up, the lead named, the priorities with their item
        # counts, the priorities continuing them.
        "plan page by lead": 10,
        # The data version, the count, the page of members, their organisations.
        "members": 4,
        # The data version, the member, its organisations, the items it leads and their
        # leads (2), the priorities, the meetings and forums it co-chaired and co-hosted
        # (4), the presentations and their presenters (3), its participations.
        "member page": 15,
        # The data version, the member, its organisations, the items and their leads (2).
        "member csv": 6,
    }
    assert [r.status_code for r in responses.values()] == [200] * 6
    assert responses["api"].json()["count"] == rows
    assert len(responses["priority page"].context["action_items"]) == rows
    assert len(responses["member csv"].content.decode().splitlines()) == rows + 1


def test_the_member_list_is_paginated_fifty_a_page_with_next_and_previous(client):
    for n in range(51):
        MemberFactory(name=f"Example member {n:02d}")

    first = client.get("/members/").content.decode()
    second = client.get("/members/?page=2").content.decode()

    assert len(texts(first, "h2")) == 50
    assert texts(second, "h2") == ["Example member 50"]
    assert '<link rel="next" href="?page=2">' in first
    assert '<link rel="prev" href="?page=1">' in second


def test_a_member_page_shows_fifty_action_items_a_page_and_the_latest_twenty_events(client):
    member = MemberFactory(name="Example State", slug="example-state")
    _, priority = plan_with_priority()
    for n in range(51):
        ActionItemFactory(priority=priority, order=n, title=f"Item {n:02d}", lead_members=[member])
    for day in range(1, 22):
        meeting = MeetingFactory(
            title=f"Meeting of {day:02d} May",
            start_date=datetime.date(2030, 5, day),
            end_date=datetime.date(2030, 5, day),
        )
        meeting.co_chair_members.add(member)

    first = client.get("/members/example-state/").content.decode()
    second = client.get("/members/example-state/?page=2").content.decode()
    past_the_end = client.get("/members/example-state/?page=3")

    assert texts(first, "td.item-title") == [f"Item {n:02d}" for n in range(50)]
    assert texts(second, "td.item-title") == ["Item 50"]
    assert '<link rel="next" href="?page=2">' in first
    assert '<link rel="prev" href="?page=1">' in second
    assert past_the_end.status_code == 404
    assert texts(first, "a.event-chaired") == [
        f"Meeting of {day:02d} May" for day in range(21, 1, -1)
    ]
    assert "The 20 latest are shown." in texts(first, "p.more")
