"""Add a synthetic, reproducible data set beside the real records, for load tests and demos.

Every title starts with "Demo" and every slug with "demo-", so demo records are never
mistaken for the real work plan. Each demo working group has successive two-year plans, each
adopted at a meeting and reviewed at the next; some priorities continue a priority of the
group's previous plan; each priority has about three dated entries spread over its plan's
years, about one in seven recorded long after the day it describes (back-dated); under each
priority are one or two action items, each led by one or two members or agencies, with an
entry at the plan's adoption and, once started, one for its present state. Meetings, forums,
participants, presentations and links to forums and other groups come with them. Rows are
written in one transaction, the entries and links with COPY on PostgreSQL (100,000
priorities take about a minute of CPU), then the data version is raised once.
"""

import datetime
import io
import itertools
import math
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

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
BATCH = 5000
ENTRIES_PER_PRIORITY = (2, 4)  # about three
ITEMS_PER_PRIORITY = (1, 2)
LEADS_PER_ITEM = (1, 2)
CONTINUED_SHARE = 0.3
BACK_DATED_SHARE = 0.2  # of the entries after the first: about one in seven of all
PARTICIPANT_FIELDS = [
    "forum_id",
    "meeting_id",
    "organisation_id",
    "member_id",
    "role",
    "headcount",
    "individual_names",
    "individual_contacts",
    "created_at",
    "updated_at",
]
ENTRY_FIELDS = [
    "priority_id",
    "action_item_id",
    "old_status",
    "old_progress",
    "new_status",
    "new_progress",
    "note",
    "as_of",
    "recorded_at",
    "meeting_id",
    "updated_at",
]
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
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
        if connection.vendor == "postgresql":
            # As after any bulk load: the planner's statistics, which autovacuum would
            # otherwise gather only later, so that the first queries are planned on the data.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(f"Added demo data: {summary}.")


class DemoData:
    def __init__(self, rng, priorities):
        self.rng = rng
        self.priorities = priorities
        self.plans = math.ceil(priorities / PRIORITIES_PER_PLAN)
        self.now = timezone.now()

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
        priorities, continuities = self.priority_rows(plans, organisations, members, groups)
        updates = write(PriorityUpdate, ENTRY_FIELDS, self.histories(priorities, plans, meetings))
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
        roles = [Participant.Role.DELEGATE] * 6 + [Participant.Role.OBSERVER] * 2
        # No names or contacts of individual officials, ever (then the rows' times).
        unnamed = ("", "", self.now, self.now)
        rows = []
        for event in [*meetings, *forums]:
            forum_id, meeting_id = (
                (None, event.pk) if isinstance(event, Meeting) else (event.pk, None)
            )
            attendees = self.rng.sample(organisations, min(12, len(organisations)))
            for i, attendee in enumerate(attendees):
                role = Participant.Role.CO_CHAIR if i < 2 else self.rng.choice(roles)
                headcount = self.rng.choice([None, 1, 2, 3])
                rows.append((forum_id, meeting_id, attendee.pk, None, role, headcount, *unnamed))
            observer = self.rng.choice(members)
            rows.append(
                (forum_id, meeting_id, None, observer.pk, Participant.Role.OBSERVER, None, *unnamed)
            )
        return write(Participant, PARTICIPANT_FIELDS, rows)

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

    def priority_rows(self, plans, organisations, members, groups):
        """Priorities in plan order. Some carry on the priority in the same place of the
        group's previous plan (the plan one generation older, ``generation`` rows further
        on), so the generations are written oldest first."""
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
                    workplan_id=plan.pk,
                    order=order,
                    title=f"Demo: {self.rng.choice(ACTIONS)} {self.rng.choice(TOPICS)}",
                    slug=f"demo-priority-{order}",
                    description="Demo data: a synthetic priority.",
                    status=status,
                    progress=progress,
                    lead_member_id=self.rng.choice(members).pk if lead_is_member else None,
                    lead_organisation_id=None
                    if lead_is_member
                    else self.rng.choice(organisations).pk,
                    target_date=plan.end_date,
                )
            )
        generation = len(groups) * PRIORITIES_PER_PLAN
        continued = 0
        for start in reversed(range(0, len(rows), generation)):
            for n in range(start, min(start + generation, len(rows) - generation)):
                if self.rng.random() < CONTINUED_SHARE:
                    rows[n].continues_id = rows[n + generation].pk
                    continued += 1
            Priority.objects.bulk_create(rows[start : start + generation])
        return rows, continued

    def histories(self, priorities, plans, meetings):
        """About three dated entries per priority, from its adoption at the plan's meeting
        to its present status and progress, spread over the plan's years. About one in seven
        is recorded months after the day it describes; the latest by date is the present
        state."""
        for index, priority in enumerate(priorities):
            plan_index = index // PRIORITIES_PER_PLAN
            plan, adopted = plans[plan_index], meetings[plan_index]
            count = self.rng.randint(*ENTRIES_PER_PRIORITY)
            if priority.status == Status.NOT_STARTED:
                steps = [(Status.NOT_STARTED, 0)] * count
            else:
                figures = sorted(self.rng.randrange(5, 95, 5) for _ in range(count - 2))
                steps = [
                    (Status.NOT_STARTED, 0),
                    *[(Status.IN_PROGRESS, figure) for figure in figures],
                    (priority.status, priority.progress),
                ]
            previous = ("", None)
            for n, (status, progress), as_of in self.dated(steps, plan, adopted):
                late = n and self.rng.random() < BACK_DATED_SHARE
                delay = datetime.timedelta(days=self.rng.randint(60, 240) if late else 0)
                yield (
                    priority.pk,
                    None,
                    *previous,
                    status,
                    progress,
                    "Demo data: adopted." if not n else self.rng.choice(NOTES),
                    as_of,
                    datetime.datetime.combine(
                        as_of + delay, datetime.time(9, 0, n), tzinfo=datetime.UTC
                    ),
                    adopted.pk if not n else None,
                    self.now,
                )
                previous = (status, progress)

    def dated(self, steps, plan, adopted):
        """The steps numbered and dated: the first at the adoption, the others on days
        spread over the rest of the plan's period."""
        span = (plan.end_date - adopted.end_date).days
        days = sorted(self.rng.sample(range(1, span), len(steps) - 1))
        as_of_days = [adopted.end_date] + [
            adopted.end_date + datetime.timedelta(days=d) for d in days
        ]
        for n, (step, as_of) in enumerate(zip(steps, as_of_days, strict=True)):
            yield n, step, as_of

    def action_items(self, priorities, plans, meetings, organisations, members):
        """One or two items per priority, each led by one or two members or agencies, with
        an entry at the plan's adoption and, once started, one for its present state.
        Written a slice of priorities at a time, so that few rows are held at once."""
        MemberLead = ActionItem.lead_members.through
        OrganisationLead = ActionItem.lead_organisations.through
        leaders = [(MemberLead, member.pk) for member in members] + [
            (OrganisationLead, organisation.pk) for organisation in organisations
        ]
        item_count = update_count = 0
        for first in range(0, len(priorities), BATCH // 2):
            items, plan_indexes = [], []
            for n in range(first, min(first + BATCH // 2, len(priorities))):
                priority = priorities[n]
                for order in range(1, self.rng.randint(*ITEMS_PER_PRIORITY) + 1):
                    status = self.rng.choices(Status.values, weights=[20, 40, 10, 25, 5], k=1)[0]
                    progress = {Status.NOT_STARTED: None, Status.COMPLETED: 100}.get(
                        status, self.rng.choice([None, *range(10, 100, 10)])
                    )
                    items.append(
                        ActionItem(
                            priority_id=priority.pk,
                            order=order,
                            title=f"Demo: {self.rng.choice(ACTIONS)} {self.rng.choice(TOPICS)}",
                            status=status,
                            progress=progress,
                            target_date=plans[n // PRIORITIES_PER_PLAN].end_date,
                        )
                    )
                    plan_indexes.append(n // PRIORITIES_PER_PLAN)
            ActionItem.objects.bulk_create(items)
            leads, rows = {MemberLead: [], OrganisationLead: []}, []
            for item, index in zip(items, plan_indexes, strict=True):
                for through, pk in self.rng.sample(leaders, self.rng.randint(*LEADS_PER_ITEM)):
                    leads[through].append((item.pk, pk))
                steps = [(Status.NOT_STARTED, None)]
                if item.status != Status.NOT_STARTED:
                    steps.append((item.status, item.progress))
                previous = ("", None)
                for n, (status, progress), as_of in self.dated(
                    steps, plans[index], meetings[index]
                ):
                    rows.append(
                        (
                            item.priority_id,
                            item.pk,
                            *previous,
                            status,
                            progress,
                            "Demo data: adopted." if not n else self.rng.choice(NOTES),
                            as_of,
                            # Apart from the priority's own entries (at 9:00).
                            datetime.datetime.combine(
                                as_of, datetime.time(10, item.order, n), tzinfo=datetime.UTC
                            ),
                            meetings[index].pk if not n else None,
                            self.now,
                        )
                    )
                    previous = (status, progress)
            write(MemberLead, ["actionitem_id", "member_id"], leads[MemberLead])
            write(OrganisationLead, ["actionitem_id", "organisation_id"], leads[OrganisationLead])
            write(PriorityUpdate, ENTRY_FIELDS, rows)
            item_count += len(items)
            update_count += len(rows)
        return item_count, update_count

    def links(self, priorities, forums, groups):
        """Priorities refer to forums of their plan's own meeting, and to other groups."""
        ForumLink = Priority.related_forums.through
        GroupLink = Priority.related_working_groups.through
        forum_links, group_links = [], []
        for n, priority in enumerate(priorities):
            plan_index = n // PRIORITIES_PER_PLAN
            plan_forums = forums[2 * plan_index : 2 * plan_index + 2]
            for forum in self.rng.sample(plan_forums, self.rng.randint(0, 2)):
                forum_links.append((priority.pk, forum.pk))
            if self.rng.random() < 0.3:
                group_links.append((priority.pk, self.rng.choice(groups).pk))
        return write(ForumLink, ["priority_id", "forum_id"], forum_links) + write(
            GroupLink, ["priority_id", "workinggroup_id"], group_links
        )


def write(model, fields, rows):
    """Add rows, tuples of the values of ``fields`` (attribute names), that no other demo row
    refers to: the entries and the links, most of the data. On PostgreSQL they are copied in
    (``COPY``), which takes a fraction of the time that building a model instance and an
    INSERT's parameters for each of them does; elsewhere they are bulk-inserted. Returns how
    many."""
    if connection.vendor != "postgresql":
        return insert(model, (model(**dict(zip(fields, row, strict=True))) for row in rows))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    rows, count = iter(rows), 0
    with connection.cursor() as cursor:
        while batch := list(itertools.islice(rows, BATCH)):
            text = "".join("\t".join(map(copy_text, row)) + "\n" for row in batch)
            cursor.copy_expert(sql, io.StringIO(text))
            count += len(batch)
    return count


def copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(COPY_ESCAPES)
    return str(value)  # Numbers, dates, and times with their UTC offset.


def insert(model, rows):
    """Bulk-insert rows from an iterable a batch at a time, so that few are held at once;
    return how many."""
    rows, count = iter(rows), 0
    while batch := list(itertools.islice(rows, BATCH)):
        model.objects.bulk_create(batch)
        count += len(batch)
    return count
