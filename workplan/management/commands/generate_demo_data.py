"""Add a synthetic, reproducible data set beside the real records, for load tests and demos.

Every title starts with "Demo" and every slug with "demo-", so demo records are never
mistaken for the real work plan. Each demo working group has successive two-year plans, each
adopted at a meeting and reviewed at the next; some priorities continue a priority of the
group's previous plan; each priority has about ten dated entries spread over its plan's
years, a few of them recorded long after the day they describe (back-dated); under each
priority are about three action items, each led by one or two members or agencies, with a
short dated history of its own. Rows are written
with bulk inserts in one transaction (10,000 priorities take seconds), then the data version
is raised once.
"""

import datetime
import math
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from forums.models import Forum, Participant, Presentation
from meetings.models import (
    AttendanceMode,
    EventKind,
    Meeting,
    Member,
    Organisation,
    Process,
    WorkingGroup,
)
from sync import versions
from workplan.models import ActionItem, Priority, PriorityUpdate, Status, WorkPlan

PRIORITIES_PER_PLAN = 50
WORKING_GROUPS = 10
MEMBER_STATES = 30
OBSERVER_STATES = 8
INTERNATIONAL_ORGANISATIONS = 6
AGENCIES_PER_STATE = 2
LAST_PLAN_YEAR = 2014  # The real work plans come later and stay the latest ones.
BATCH = 2000
ENTRIES_PER_PRIORITY = 10
ITEMS_PER_PRIORITY = (2, 4)  # about three
ENTRIES_PER_ITEM = 3
CONTINUED_SHARE = 0.3
BACK_DATED_SHARE = 0.15
FORUM_KINDS = [EventKind.FORUM, EventKind.WORKSHOP, EventKind.WEBINAR, EventKind.ROUNDTABLE]

AGENCY_KINDS = ["Ministry of Justice", "National Police", "Immigration Department", "Labour Office"]
ACTIONS = [
    "Share information on",
    "Train officials in",
    "Develop guidance on",
    "Map regional practice in",
    "Hold a workshop on",
    "Review national laws on",
    "Strengthen cooperation on",
    "Publish a study of",
]
TOPICS = [
    "victim identification",
    "labour exploitation in supply chains",
    "financial investigations",
    "online recruitment",
    "referral of victims to support services",
    "cross-border prosecutions",
    "data on trafficking cases",
    "forced marriage",
]
NOTES = [
    "Reported at the annual meeting.",
    "Lead member circulated a draft.",
    "Workshop held; report to follow.",
    "Delayed: awaiting nominations from members.",
    "",
]


class Command(BaseCommand):
    help = "Add a reproducible synthetic data set (titles marked Demo) beside the real records."

    def add_arguments(self, parser):
        parser.add_argument("--priorities", type=int, required=True, help="How many priorities.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")

    def handle(self, *args, priorities, seed, **options):
        if priorities < 1:
            raise CommandError("--priorities must be 1 or more.")
        if WorkPlan.objects.filter(slug__startswith="demo-").exists():
            raise CommandError(
                "Demo data is already present: generate it into a database without it."
            )
        with transaction.atomic():
            counts = DemoData(random.Random(seed), priorities).create()
            versions.bump()
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(f"Added demo data: {summary}.")


class DemoData:
    def __init__(self, rng, priorities):
        self.rng = rng
        self.priorities = priorities
        self.plans = math.ceil(priorities / PRIORITIES_PER_PLAN)

    def create(self):
        process = self.process()
        members = self.members()
        organisations = self.organisations(members)
        groups = self.working_groups(process)
        meetings = self.meetings(groups)
        forums = self.forums(meetings)
        participants = self.participants(meetings, forums, organisations, members)
        presentations = self.presentations(meetings, forums, organisations)
        plans = self.work_plans(groups, meetings)
        priorities = self.priority_rows(plans, organisations, members)
        continuities = self.continuities(priorities, plans, groups)
        updates = self.histories(priorities, plans, meetings)
        links = self.links(priorities, forums, groups)
        items, item_updates = self.action_items(priorities, plans, meetings, organisations, members)
        return {
            "members": len(members),
            "organisations": len(organisations),
            "working groups": len(groups),
            "meetings": len(meetings),
            "forums": len(forums),
            "participants": participants,
            "presentations": presentations,
            "work plans": len(plans),
            "priorities": len(priorities),
            "continued priorities": continuities,
            "priority updates": updates,
            "action items": items,
            "action item updates": item_updates,
            "related records": links,
        }

    def process(self):
        process = Process(name="Demo Process", short_name="Demo Process", slug="demo-process")
        return Process.objects.bulk_create([process])[0]

    def members(self):
        rows = [
            Member(
                name=f"Demo State {i:02d}",
                abbreviation=f"DS{i:02d}",
                slug=f"demo-state-{i:02d}",
                kind=Member.Kind.MEMBER_STATE if i <= MEMBER_STATES else Member.Kind.OBSERVER_STATE,
            )
            for i in range(1, MEMBER_STATES + OBSERVER_STATES + 1)
        ]
        rows += [
            Member(
                name=f"Demo International Organisation {i}",
                abbreviation=f"DIO{i}",
                slug=f"demo-international-organisation-{i}",
                kind=Member.Kind.MEMBER_ORGANISATION,
            )
            for i in range(1, INTERNATIONAL_ORGANISATIONS + 1)
        ]
        return Member.objects.bulk_create(rows)

    def organisations(self, members):
        rows = []
        for member in members:
            if member.is_state:
                for kind in self.rng.sample(AGENCY_KINDS, AGENCIES_PER_STATE):
                    rows.append(
                        Organisation(
                            name=f"{member.name} {kind}",
                            slug=f"{member.slug}-{kind.lower().replace(' ', '-')}",
                            kind=Organisation.Kind.GOVERNMENT_AGENCY,
                            member=member,
                        )
                    )
            else:
                rows.append(
                    Organisation(
                        name=f"{member.name} Regional Office",
                        slug=f"{member.slug}-regional-office",
                        kind=Organisation.Kind.INTERNATIONAL_ORGANISATION,
                        member=member,
                    )
                )
        return Organisation.objects.bulk_create(rows)

    def working_groups(self, process):
        rows = [
            WorkingGroup(
                process=process,
                name=f"Demo Working Group {i}",
                short_name=f"Demo WG {i}",
                slug=f"demo-working-group-{i}",
            )
            for i in range(1, min(WORKING_GROUPS, self.plans) + 1)
        ]
        return WorkingGroup.objects.bulk_create(rows)

    def plan_years(self, index, groups):
        """Each working group's plans run back from LAST_PLAN_YEAR, two years each."""
        start = LAST_PLAN_YEAR - 1 - 2 * (index // len(groups))
        return start, start + 1

    def meetings(self, groups):
        """One annual meeting per work plan: the one that adopted it."""
        rows = []
        for index in range(self.plans):
            group = groups[index % len(groups)]
            start_year, _ = self.plan_years(index, groups)
            start = datetime.date(start_year, self.rng.randint(2, 11), self.rng.randint(1, 25))
            online = self.rng.random() < 0.1
            rows.append(
                Meeting(
                    working_group=group,
                    title=f"Demo annual meeting {start_year} of {group.short_name}",
                    slug=f"demo-meeting-{index + 1}",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=self.rng.randint(0, 2)),
                    attendance_mode=AttendanceMode.ONLINE if online else AttendanceMode.IN_PERSON,
                    city="" if online else f"Demo City {self.rng.randint(1, 20)}",
                    country=""
                    if online
                    else f"Demo State {self.rng.randint(1, MEMBER_STATES):02d}",
                    summary="Demo data: a synthetic meeting.",
                )
            )
        return Meeting.objects.bulk_create(rows, batch_size=BATCH)

    def forums(self, meetings):
        """Two forums per meeting: one alongside it, one on its own later in the year."""
        rows = []
        for meeting in meetings:
            for n, alongside in ((1, True), (2, False)):
                start = meeting.start_date + datetime.timedelta(days=0 if alongside else 60)
                rows.append(
                    Forum(
                        working_group=meeting.working_group,
                        meeting=meeting if alongside else None,
                        kind=self.rng.choice(FORUM_KINDS),
                        title=f"Demo forum {n} of {meeting.title.removeprefix('Demo ')}",
                        slug=f"{meeting.slug}-forum-{n}",
                        start_date=start,
                        end_date=start + datetime.timedelta(days=self.rng.randint(0, 1)),
                        attendance_mode=meeting.attendance_mode,
                        city=meeting.city,
                        country=meeting.country,
                        focus=f"Demo data: {self.rng.choice(TOPICS)}.",
                        participants_total=self.rng.choice([None, self.rng.randint(30, 120)]),
                        countries=self.rng.choice([None, self.rng.randint(8, 25)]),
                    )
                )
        return Forum.objects.bulk_create(rows, batch_size=BATCH)

    def participants(self, meetings, forums, organisations, members):
        """Attendance by agencies and members; never the names of individual officials."""
        rows = []
        roles = [Participant.Role.DELEGATE] * 6 + [Participant.Role.OBSERVER] * 2
        for event in [*meetings, *forums]:
            event_field = "meeting" if isinstance(event, Meeting) else "forum"
            attendees = self.rng.sample(organisations, min(12, len(organisations)))
            for i, attendee in enumerate(attendees):
                role = Participant.Role.CO_CHAIR if i < 2 else self.rng.choice(roles)
                rows.append(
                    Participant(
                        **{event_field: event},
                        organisation=attendee,
                        role=role,
                        headcount=self.rng.choice([None, 1, 2, 3]),
                    )
                )
            rows.append(
                Participant(
                    **{event_field: event},
                    member=self.rng.choice(members),
                    role=Participant.Role.OBSERVER,
                )
            )
        Participant.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def presentations(self, meetings, forums, organisations):
        rows, presenters = [], []
        for event in [*meetings, *forums]:
            event_field = "meeting" if isinstance(event, Meeting) else "forum"
            count = self.rng.randint(1, 3) if event_field == "meeting" else self.rng.randint(3, 6)
            for order in range(1, count + 1):
                titled = self.rng.random() < 0.6
                rows.append(
                    Presentation(
                        **{event_field: event},
                        kind=self.rng.choice(Presentation.Kind.values),
                        title=f"Demo presentation on {self.rng.choice(TOPICS)}" if titled else "",
                        order=order,
                    )
                )
                presenters.append(self.rng.choice(organisations))
        rows = Presentation.objects.bulk_create(rows, batch_size=BATCH)
        Presenter = Presentation.organisations.through
        Presenter.objects.bulk_create(
            [
                Presenter(presentation_id=row.pk, organisation_id=organisation.pk)
                for row, organisation in zip(rows, presenters, strict=True)
            ],
            batch_size=BATCH,
        )
        return len(rows)

    def work_plans(self, groups, meetings):
        """Successive two-year plans per group, each adopted at its meeting and reviewed at
        the meeting that adopted the group's next plan."""
        rows = []
        for index, meeting in enumerate(meetings):
            start_year, end_year = self.plan_years(index, groups)
            group = groups[index % len(groups)]
            rows.append(
                WorkPlan(
                    working_group=group,
                    title=f"Demo work plan {start_year}–{end_year % 100:02d} of {group.short_name}",
                    slug=f"demo-work-plan-{index + 1}",
                    start_date=datetime.date(start_year, 1, 1),
                    end_date=datetime.date(end_year, 12, 31),
                    adopted_at=meeting,
                    summary="Demo data: a synthetic work plan.",
                )
            )
        plans = WorkPlan.objects.bulk_create(rows, batch_size=BATCH)
        Review = WorkPlan.reviewed_at.through
        Review.objects.bulk_create(
            [
                Review(workplan_id=plan.pk, meeting_id=meetings[index - len(groups)].pk)
                for index, plan in enumerate(plans)
                if index >= len(groups)
            ],
            batch_size=BATCH,
        )
        return plans

    def priority_rows(self, plans, organisations, members):
        rows = []
        for n in range(self.priorities):
            plan = plans[n // PRIORITIES_PER_PLAN]
            order = n % PRIORITIES_PER_PLAN + 1
            status = self.rng.choices(Status.values, weights=[15, 40, 15, 25, 5], k=1)[0]
            progress = {
                Status.NOT_STARTED: 0,
                Status.COMPLETED: 100,
                Status.ONGOING: 0,
            }.get(status, self.rng.randrange(5, 100, 5))
            lead_is_member = self.rng.random() < 0.3
            rows.append(
                Priority(
                    workplan=plan,
                    order=order,
                    title=f"Demo: {self.rng.choice(ACTIONS)} {self.rng.choice(TOPICS)}",
                    slug=f"demo-priority-{order}",
                    description="Demo data: a synthetic priority.",
                    status=status,
                    progress=progress,
                    lead_member=self.rng.choice(members) if lead_is_member else None,
                    lead_organisation=None if lead_is_member else self.rng.choice(organisations),
                    target_date=plan.end_date,
                )
            )
        return Priority.objects.bulk_create(rows, batch_size=BATCH)

    def continuities(self, priorities, plans, groups):
        """Some priorities carry on the priority in the same place of the group's previous
        plan (the plan one generation older)."""
        by_plan_order = {(p.workplan_id, p.order): p for p in priorities}
        plan_index = {plan.pk: index for index, plan in enumerate(plans)}
        continued = []
        for priority in priorities:
            older = plan_index[priority.workplan_id] + len(groups)
            if older >= len(plans) or self.rng.random() >= CONTINUED_SHARE:
                continue
            earlier = by_plan_order.get((plans[older].pk, priority.order))
            if earlier is not None:
                priority.continues = earlier
                continued.append(priority)
        Priority.objects.bulk_update(continued, ["continues"], batch_size=BATCH)
        return len(continued)

    def histories(self, priorities, plans, meetings):
        """About ten dated entries per priority, from its adoption at the plan's meeting to
        its present status and progress, spread over the plan's years. A few are recorded
        months after the day they describe; the latest by date is the present state."""
        plans_by_id = {plan.pk: plan for plan in plans}
        meetings_by_id = {meeting.pk: meeting for meeting in meetings}
        rows = []
        for priority in priorities:
            plan = plans_by_id[priority.workplan_id]
            adopted = meetings_by_id[plan.adopted_at_id]
            steps = [(Status.NOT_STARTED, 0)]
            middle = self.rng.randint(ENTRIES_PER_PRIORITY - 3, ENTRIES_PER_PRIORITY - 1) - 1
            if priority.status == Status.NOT_STARTED:
                steps += [(Status.NOT_STARTED, 0)] * middle
            else:
                figures = sorted(self.rng.randrange(5, 95, 5) for _ in range(middle))
                steps += [(Status.IN_PROGRESS, figure) for figure in figures]
                steps.append((priority.status, priority.progress))
            span = (plan.end_date - adopted.end_date).days
            days = sorted(self.rng.sample(range(1, span), len(steps) - 1))
            as_of_days = [adopted.end_date] + [
                adopted.end_date + datetime.timedelta(days=d) for d in days
            ]
            previous = ("", None)
            for n, ((status, progress), as_of) in enumerate(zip(steps, as_of_days, strict=True)):
                late = n and self.rng.random() < BACK_DATED_SHARE
                delay = datetime.timedelta(days=self.rng.randint(60, 240) if late else 0)
                recorded = datetime.datetime.combine(
                    as_of + delay, datetime.time(9, 0, n), tzinfo=datetime.UTC
                )
                rows.append(
                    PriorityUpdate(
                        priority=priority,
                        old_status=previous[0],
                        old_progress=previous[1],
                        new_status=status,
                        new_progress=progress,
                        note="Demo data: adopted." if not n else self.rng.choice(NOTES),
                        as_of=as_of,
                        recorded_at=recorded,
                        meeting=adopted if not n else None,
                    )
                )
                previous = (status, progress)
        PriorityUpdate.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def action_items(self, priorities, plans, meetings, organisations, members):
        """About three items per priority, led by one or two members or agencies, each with
        a first entry at the plan's adoption and a few later ones."""
        plans_by_id = {plan.pk: plan for plan in plans}
        meetings_by_id = {meeting.pk: meeting for meeting in meetings}
        items = []
        for priority in priorities:
            for order in range(1, self.rng.randint(*ITEMS_PER_PRIORITY) + 1):
                status = self.rng.choices(Status.values, weights=[20, 40, 10, 25, 5], k=1)[0]
                progress = {Status.NOT_STARTED: None, Status.COMPLETED: 100}.get(
                    status, self.rng.choice([None, *range(10, 100, 10)])
                )
                items.append(
                    ActionItem(
                        priority=priority,
                        order=order,
                        title=f"Demo: {self.rng.choice(ACTIONS)} {self.rng.choice(TOPICS)}",
                        status=status,
                        progress=progress,
                        target_date=plans_by_id[priority.workplan_id].end_date,
                    )
                )
        items = ActionItem.objects.bulk_create(items, batch_size=BATCH)
        MemberLead = ActionItem.lead_members.through
        OrganisationLead = ActionItem.lead_organisations.through
        member_leads, organisation_leads, rows = [], [], []
        priorities_by_id = {priority.pk: priority for priority in priorities}
        for item in items:
            for lead in self.rng.sample(members, self.rng.randint(0, 1)):
                member_leads.append(MemberLead(actionitem_id=item.pk, member_id=lead.pk))
            for lead in self.rng.sample(organisations, self.rng.randint(1, 2)):
                organisation_leads.append(
                    OrganisationLead(actionitem_id=item.pk, organisation_id=lead.pk)
                )
            plan = plans_by_id[priorities_by_id[item.priority_id].workplan_id]
            adopted = meetings_by_id[plan.adopted_at_id]
            steps = [(Status.NOT_STARTED, None)]
            if item.status != Status.NOT_STARTED:
                steps += [(Status.IN_PROGRESS, item.progress and item.progress // 2)]
                steps.append((item.status, item.progress))
            span = (plan.end_date - adopted.end_date).days
            days = sorted(self.rng.sample(range(1, span), len(steps) - 1))
            as_of_days = [adopted.end_date] + [
                adopted.end_date + datetime.timedelta(days=d) for d in days
            ]
            previous = ("", None)
            for n, ((status, progress), as_of) in enumerate(zip(steps, as_of_days, strict=True)):
                rows.append(
                    PriorityUpdate(
                        priority_id=item.priority_id,
                        action_item=item,
                        old_status=previous[0],
                        old_progress=previous[1],
                        new_status=status,
                        new_progress=progress,
                        note="Demo data: adopted." if not n else self.rng.choice(NOTES),
                        as_of=as_of,
                        # Apart from the priority's own entries (at 9:00).
                        recorded_at=datetime.datetime.combine(
                            as_of, datetime.time(10, item.order, n), tzinfo=datetime.UTC
                        ),
                        meeting=adopted if not n else None,
                    )
                )
                previous = (status, progress)
        MemberLead.objects.bulk_create(member_leads, batch_size=BATCH)
        OrganisationLead.objects.bulk_create(organisation_leads, batch_size=BATCH)
        PriorityUpdate.objects.bulk_create(rows, batch_size=BATCH)
        return len(items), len(rows)

    def links(self, priorities, forums, groups):
        """Priorities refer to forums of their plan's own meeting, and to other groups."""
        forum_links, group_links = [], []
        ForumLink = Priority.related_forums.through
        GroupLink = Priority.related_working_groups.through
        for n, priority in enumerate(priorities):
            plan_index = n // PRIORITIES_PER_PLAN
            plan_forums = forums[2 * plan_index : 2 * plan_index + 2]
            for forum in self.rng.sample(plan_forums, self.rng.randint(0, 2)):
                forum_links.append(ForumLink(priority_id=priority.pk, forum_id=forum.pk))
            if self.rng.random() < 0.3:
                group = self.rng.choice(groups)
                group_links.append(GroupLink(priority_id=priority.pk, workinggroup_id=group.pk))
        ForumLink.objects.bulk_create(forum_links, batch_size=BATCH)
        GroupLink.objects.bulk_create(group_links, batch_size=BATCH)
        return len(forum_links) + len(group_links)
