"""A small site with every kind of public page and every shape of data the pages show."""

import datetime

from django.utils import timezone

from forums.models import Participant
from tests.factories import (
    ActionItemFactory,
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    PriorityFactory,
    PriorityUpdateFactory,
    SourceFactory,
    UserFactory,
    WorkingGroupFactory,
    WorkPlanFactory,
)
from workplan.services import record_action_item_update


def build_sample_site():
    """Create the data; return the address of every page, the missing page last."""
    group = WorkingGroupFactory(name="Working Group on Trafficking in Persons")
    thailand = MemberFactory(name="Thailand")
    agency = OrganisationFactory(name="Thai Anti-Money Laundering Office", member=thailand)
    office = OrganisationFactory(
        name="Regional Support Office", kind="regional_office", member=None
    )
    meeting = MeetingFactory(
        working_group=group,
        title="Second Annual Meeting",
        start_date=datetime.date(2016, 5, 16),
        end_date=datetime.date(2016, 5, 19),
        city="Bangkok",
        country="Thailand",
        summary="The Working Group agreed its priorities.\n\nCo-chairs reaffirmed its value.",
    )
    meeting.co_chairs.add(agency, office)
    online = MeetingFactory(working_group=group, attendance_mode="online", city="", country="")
    forum = ForumFactory(
        working_group=group,
        meeting=meeting,
        title="Following the Money Forum",
        focus="Disrupting the profits of trafficking.",
        participants_total=88,
        countries=30,
        organisations=5,
    )
    forum.co_hosts.add(agency)
    ParticipantFactory(forum=forum, organisation=agency, role=Participant.Role.CO_HOST)
    ParticipantFactory(forum=forum, organisation=None, member=thailand, headcount=3)
    PresentationFactory(forum=forum, organisation=agency, order=1)
    PresentationFactory(forum=forum, organisation=office, order=2, title="Regional trends")
    quiet_forum = ForumFactory(
        working_group=group, kind="workshop", attendance_mode="unknown", city="", country=""
    )
    # Example events of the other shapes the sources report.
    report = SourceFactory(
        title="Example Co-Chairs' Statement",
        url="https://example.org/statement",
        publisher="Example Secretariat",
        accessed=datetime.date(2026, 11, 30),
    )
    meeting.sources.add(report, SourceFactory(title="Example meeting outcome"))
    forum.sources.add(report)
    indonesia = MemberFactory(name="Indonesia")
    hybrid = MeetingFactory(
        working_group=group,
        title="Example Hybrid Meeting",
        kind_as_stated="Annual Meeting (hybrid)",
        attendance_mode="hybrid",
        countries_and_organisations=35,
    )
    hybrid.co_chair_members.add(thailand, indonesia)
    hybrid.co_hosts.add(agency)
    ParticipantFactory(forum=None, meeting=hybrid, organisation=office, role="observer")
    PresentationFactory(
        forum=None,
        meeting=hybrid,
        order=1,
        organisation=None,
        members=[thailand, indonesia],
        title="Example progress report",
    )
    PresentationFactory(
        forum=None,
        meeting=hybrid,
        order=2,
        kind="presentation",
        organisation=None,
        presenter_role="Working Group Co-Chairs",
    )
    symposium = ForumFactory(
        working_group=None,
        meeting=hybrid,
        title="Example Symposium",
        kind="symposium",
        kind_as_stated="Regional Symposium",
        attendance_mode="unknown",
        city="Jakarta",
        country="Indonesia",
        participation_as_stated="Example: officials of 20 member countries attended.",
    )
    symposium.co_chair_members.add(indonesia)
    symposium.co_chairs.add(agency)

    plan = WorkPlanFactory(working_group=group, adopted_at=meeting, summary="Priorities agreed.")
    officer = UserFactory()
    statuses = ["not_started", "in_progress", "ongoing", "completed", "cancelled"]
    for order, status in enumerate(statuses, start=1):
        priority = PriorityFactory(
            workplan=plan,
            order=order,
            status=status,
            progress=(order - 1) * 25,
            lead_organisation=agency if order % 2 else None,
            target_date=datetime.date(2017, 5, 31) if order < 3 else None,
        )
        priority.related_forums.add(forum)
        priority.related_working_groups.add(group)
        PriorityUpdateFactory(priority=priority, recorded_at=timezone.now(), note="Agreed.")
        PriorityUpdateFactory(
            priority=priority,
            old_status="not_started",
            old_progress=0,
            new_status=status,
            new_progress=priority.progress,
            author=officer,
            note="Moved on.\nSee the report.",
        )
    first = plan.priorities.get(order=1)
    workshop = ActionItemFactory(
        priority=first,
        order=1,
        title="Example action item: a regional workshop",
        lead_members=[thailand],
        lead_organisations=[agency, office],
        target_date=datetime.date(2017, 3, 31),
    )
    ActionItemFactory(priority=first, order=2, title="Example action item: no lead recorded")
    record_action_item_update(
        action_item=workshop, status="in_progress", progress=None, note="Example: under way."
    )
    WorkPlanFactory(
        working_group=group,
        start_date=datetime.date(2014, 1, 1),
        end_date=datetime.date(2015, 12, 31),
    )

    return [
        "/",
        "/work-plans/",
        plan.get_absolute_url(),
        plan.get_absolute_url() + "?status=in_progress&status=completed",
        plan.get_absolute_url() + "?status=unknown",
        *(priority.get_absolute_url() for priority in plan.priorities.all()),
        plan.get_absolute_url() + f"?at_meeting={meeting.slug}",
        plan.get_absolute_url() + "?as_of=2016-01-01",
        plan.get_absolute_url() + f"changes/?from={meeting.slug}",
        f"/meetings/{meeting.slug}/report/",
        "/meetings/",
        "/meetings/?year=2016&kind=meeting&attendance_mode=in_person",
        "/work-plans/?year=2016&state=ended",
        "/forums/?year=2016",
        plan.get_absolute_url() + f"?lead={thailand.slug}",
        "/members/",
        f"/members/{thailand.slug}/",
        f"/members/{indonesia.slug}/",
        meeting.get_absolute_url(),
        online.get_absolute_url(),
        hybrid.get_absolute_url(),
        "/forums/",
        forum.get_absolute_url(),
        quiet_forum.get_absolute_url(),
        symposium.get_absolute_url(),
        "/no-such-page/",
    ]
