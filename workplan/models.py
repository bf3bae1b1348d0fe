import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum
from meetings.models import (
    Meeting,
    Member,
    NaturalKeyBySlugManager,
    Organisation,
    Source,
    TimestampedModel,
    WorkingGroup,
    unknown_key,
)


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ONGOING = "ongoing", "Ongoing"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class PlanState(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    IN_FORCE = "in_force", "In force"
    ENDED = "ended", "Ended"
    SUPERSEDED = "superseded", "Superseded"


def in_force_on(day, prefix=""):
    """The condition for a plan in force on the day: within its period, and not yet
    replaced by a plan that supersedes it."""
    return Q(**{f"{prefix}start_date__lte": day, f"{prefix}end_date__gte": day}) & (
        Q(**{f"{prefix}superseded_by__isnull": True})
        | Q(**{f"{prefix}superseded_by__start_date__gt": day})
    )


class WorkPlanQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-start_date", "-end_date", "-pk")

    def in_force(self, day=None):
        return self.filter(in_force_on(day or timezone.localdate()))

    def in_state(self, state, day=None):
        """Plans in the given state on the day (today by default)."""
        day = day or timezone.localdate()
        superseded = Q(superseded_by__start_date__lte=day)
        if state == PlanState.SUPERSEDED:
            return self.filter(superseded)
        standing = self.exclude(superseded)
        if state == PlanState.UPCOMING:
            return standing.filter(start_date__gt=day)
        if state == PlanState.ENDED:
            return standing.filter(end_date__lt=day)
        return standing.filter(start_date__lte=day, end_date__gte=day)

    def current(self):
        """The plan in force today, or None: a plan whose period has ended is never current."""
        return self.in_force().latest_first().select_related("working_group", "adopted_at").first()

    def latest(self):
        return self.latest_first().select_related("working_group", "adopted_at").first()

    def with_progress(self):
        """Each plan's number of priorities and its roll-up, counted as on its page. Each
        figure is a subquery on the plan's own priorities (from their index), so a page of
        plans reads only the priorities of the plans it shows."""

        def figure(aggregate, *conditions, empty=None):
            rows = Priority.objects.filter(*conditions, workplan=OuterRef("pk")).order_by()
            value = Subquery(rows.values("workplan").annotate(value=aggregate).values("value"))
            return value if empty is None else Coalesce(value, empty)

        counted = ~Q(status=Status.CANCELLED)
        return self.select_related("working_group", "adopted_at", "superseded_by").annotate(
            priority_count=figure(Count("pk"), empty=0),
            overall_progress=figure(Avg("progress"), counted),
            reported_count=figure(Count("pk"), counted, Q(progress__isnull=False), empty=0),
            unreported_count=figure(Count("pk"), counted, Q(progress__isnull=True), empty=0),
        )


class WorkPlan(TimestampedModel):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="work_plans"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    start_date = models.DateField(
        db_index=True,
        help_text="The first day of the period the plan covers (1 January where the source gives only years).",
    )
    end_date = models.DateField(
        db_index=True,
        help_text="The last day of the period (31 December of the last year where the source gives only years).",
    )
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plans",
        verbose_name="adopted at",
        help_text="The meeting that agreed the plan.",
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name="superseded by",
        help_text="A later plan of the same working group that replaced this one before its period ended.",
    )
    reviewed_at = models.ManyToManyField(
        Meeting,
        blank=True,
        related_name="reviewed_work_plans",
        verbose_name="reviewed at",
        help_text="Later meetings that reviewed progress against the plan.",
    )
    summary = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="work_plans")

    objects = NaturalKeyBySlugManager.from_queryset(WorkPlanQuerySet)()

    class Meta:
        ordering = ["-start_date", "-end_date", "title"]
        indexes = [models.Index(fields=["-start_date", "-end_date", "-id"], name="workplan_latest")]
        verbose_name = "work plan"
        verbose_name_plural = "work plans"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="workplan_period_in_order",
                violation_error_message="The period cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=models.F("pk")),
                name="workplan_not_superseded_by_itself",
                violation_error_message="A plan cannot supersede itself.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("workplan:workplan-detail", kwargs={"slug": self.slug})

    @property
    def period(self):
        """The years covered, as the sources write them: "2016–17"."""
        start, end = self.start_date.year, self.end_date.year
        if start == end:
            return str(start)
        if start // 100 == end // 100:
            return f"{start}–{end % 100:02d}"
        return f"{start}–{end}"

    @property
    def start_year(self):
        return self.start_date.year

    @property
    def end_year(self):
        return self.end_date.year

    @property
    def adopted_on(self):
        """The day the plan was adopted: the last day of the meeting that agreed it, else the
        first day of its period. Nothing can be recorded against the plan before it."""
        return self.adopted_at.end_date if self.adopted_at_id else self.start_date

    @property
    def in_force_until(self):
        """The last day the plan is in force: its end, or the day before its successor starts."""
        if self.superseded_by_id and self.superseded_by.start_date <= self.end_date:
            return self.superseded_by.start_date - datetime.timedelta(days=1)
        return self.end_date

    def state_on(self, day):
        if self.superseded_by_id and self.superseded_by.start_date <= day:
            return PlanState.SUPERSEDED
        if day < self.start_date:
            return PlanState.UPCOMING
        if day > self.end_date:
            return PlanState.ENDED
        return PlanState.IN_FORCE

    @property
    def state(self):
        return self.state_on(timezone.localdate())

    def clean(self):
        errors = {}
        successor = self.superseded_by if self.superseded_by_id else None
        if successor is not None:
            if successor.working_group_id != self.working_group_id:
                errors["superseded_by"] = (
                    "A plan is superseded by a plan of the same working group."
                )
            elif successor.start_date <= self.start_date:
                errors["superseded_by"] = "A plan is superseded by a later plan."
        for earlier in self.replaces:
            if earlier.working_group_id != self.working_group_id or (
                self.start_date and earlier.start_date >= self.start_date
            ):
                errors["supersedes"] = (
                    f"{earlier} cannot be superseded by this plan: a plan supersedes an "
                    "earlier plan of the same working group."
                )
        if not errors and self.start_date and self.end_date and self.working_group_id:
            clash = self.overlapping_plan()
            if clash is not None:
                errors["start_date"] = (
                    f"{clash} of the same working group is in force from "
                    f"{clash.start_date:%-d %B %Y} to {clash.in_force_until:%-d %B %Y}: two plans "
                    "cannot be in force on the same day. Change the periods, or mark the earlier "
                    "plan as superseded by the later one."
                )
        if errors:
            raise ValidationError(errors)

    def changes(self, start, end):
        """What changed in the plan from the end of day ``start`` to the end of day ``end``:
        each priority that existed at ``end``, with its state at both ends and the entries in
        between, and the roll-up at both ends. A fixed number of queries, however many
        priorities."""
        priorities = list(Priority.objects.for_plan(self).with_lead().changes(start, end))
        return PlanChanges(
            plan=self,
            start=start,
            end=end,
            priorities=priorities,
            roll_up_from=RollUp.of(
                (p.status_from, p.progress_from) for p in priorities if p.status_from
            ),
            roll_up_to=RollUp.of((p.status, p.progress) for p in priorities),
        )

    @property
    def replaces(self):
        """The earlier plans this one supersedes: those the admin form is about to mark as
        superseded by it (a plan being created cannot be pointed at before it exists)."""
        return getattr(self, "_replaces", ())

    @replaces.setter
    def replaces(self, plans):
        self._replaces = tuple(plans)

    def overlapping_plan(self):
        """Another plan of the working group in force on a day this one is in force."""
        if self.end_date < self.start_date:
            return None
        others = WorkPlan.objects.filter(working_group_id=self.working_group_id).select_related(
            "superseded_by"
        )
        if self.pk:
            others = others.exclude(pk=self.pk)
        mine = (self.start_date, self.in_force_until)
        # Plans this one replaces (as the form creating it says, or as recorded) stop being
        # in force the day before it starts.
        replaced = {plan.pk for plan in self.replaces}
        for other in others.filter(start_date__lte=mine[1], end_date__gte=mine[0]):
            if other.pk in replaced or (self.pk and other.superseded_by_id == self.pk):
                theirs = (
                    other.start_date,
                    min(other.end_date, self.start_date - datetime.timedelta(days=1)),
                )
            else:
                theirs = (other.start_date, other.in_force_until)
            if theirs[0] <= mine[1] and mine[0] <= theirs[1]:
                return other
        return None


@dataclasses.dataclass
class PlanChanges:
    plan: WorkPlan
    start: datetime.date
    end: datetime.date
    priorities: list
    roll_up_from: "RollUp"
    roll_up_to: "RollUp"

    @property
    def updates(self):
        """Every entry in between, oldest first."""
        entries = [update for p in self.priorities for update in p.updates_between]
        return sorted(entries, key=lambda u: (u.as_of, u.recorded_at, u.pk))

    @property
    def moved_count(self):
        return sum(1 for p in self.priorities if p.movement.kind != "unchanged")

    @property
    def sources(self):
        """The sources of the entries in between, each once, in the order first cited."""
        seen = {}
        for update in self.updates:
            for source in update.sources.all():
                seen.setdefault(source.pk, source)
        return list(seen.values())


class PriorityQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(workplan=plan)

    def with_lead(self):
        """The plan and the lead, with the member an agency lead belongs to (pages link it)."""
        return self.select_related("workplan", "lead_organisation__member", "lead_member")

    def with_related(self):
        return self.with_lead().prefetch_related("related_forums", "related_working_groups")

    def with_continuity(self):
        """The priority each one continues, and those that continue it, with their plans."""
        return self.select_related("continues__workplan").prefetch_related(
            models.Prefetch("continued_by", queryset=Priority.objects.select_related("workplan"))
        )

    def with_last_update(self):
        """The date of each priority's latest entry (``as_of`` replaces it with the latest by
        that day)."""
        latest = PriorityUpdate.objects.filter(priority=OuterRef("pk")).order_by(
            "-as_of", "-recorded_at", "-pk"
        )
        return self.annotate(last_update_at=Subquery(latest.values("as_of")[:1]))

    def with_action_item_counts(self):
        """Each priority's number of action items, in each status, and their roll-up: the
        mean progress of those that count (cancelled ones left out) and report a figure, and
        whether every item is done (completed or cancelled). Annotations, no query per
        priority."""
        items = "action_items"
        counted = ~Q(action_items__status=Status.CANCELLED)
        done = Q(action_items__status__in=[Status.COMPLETED, Status.CANCELLED])
        return self.annotate(
            item_count=Count(items, distinct=True),
            item_done_count=Count(items, filter=done, distinct=True),
            item_cancelled_count=Count(
                items, filter=Q(action_items__status=Status.CANCELLED), distinct=True
            ),
            item_reported_count=Count(
                items, filter=counted & Q(action_items__progress__isnull=False), distinct=True
            ),
            item_unreported_count=Count(
                items, filter=counted & Q(action_items__progress__isnull=True), distinct=True
            ),
            item_mean_progress=Avg("action_items__progress", filter=counted),
        )

    def as_of(self, day):
        """Each priority as it stood at the end of the day: the status and progress of its
        latest entry on or before it (by date, then time recorded). Priorities with no entry
        by then had not been adopted yet and are left out. One query, however many.

        The priorities read from it carry the state of that day in ``status`` and
        ``progress`` (and in ``status_as_of``/``progress_as_of`` for filters and roll-ups);
        they are for reading, never for saving."""
        queryset = self.annotate(
            **state_on("status_as_of", "progress_as_of", day),
            last_update_at=Subquery(_latest_entry(day).values("as_of")[:1]),
        ).filter(status_as_of__isnull=False)
        queryset._iterable_class = AsOfIterable
        return queryset

    def changes(self, start, end):
        """Each priority that existed at the end of ``end``, with its state at the end of
        ``start`` (``status_from``/``progress_from``, empty if not adopted by then) and at
        the end of ``end`` (in ``status``/``progress``, as ``as_of`` gives it), and its
        entries in between (``as_of`` after ``start``, up to ``end``) in
        ``updates_between``, oldest first. Two queries and the entries' prefetches, however
        many priorities."""
        entries = (
            PriorityUpdate.objects.between(start, end)
            .select_related("meeting", "action_item")
            .prefetch_related("sources")
            .order_by("as_of", "recorded_at", "pk")
        )
        return (
            self.as_of(end)
            .annotate(**state_on("status_from", "progress_from", start))
            .prefetch_related(
                models.Prefetch("updates", queryset=entries, to_attr="updates_between")
            )
        )

    def state_fields(self):
        """The names holding status and progress: the day's state after ``as_of``."""
        if "status_as_of" in self.query.annotations:
            return "status_as_of", "progress_as_of"
        return "status", "progress"

    def status_counts(self):
        """{status: number of priorities}, every status present, zero where none."""
        status, _ = self.state_fields()
        counts = dict(self.order_by().values_list(status).annotate(n=Count("pk")))
        return {value: counts.get(value, 0) for value in Status.values}

    def roll_up(self):
        """The plan's overall progress and how it was computed: the mean progress of the
        priorities that count (cancelled ones are left out) and report a figure; those whose
        progress is not reported are counted apart, never as zero."""
        status, progress = self.state_fields()
        counted = self.exclude(**{status: Status.CANCELLED})
        figures = counted.aggregate(
            mean=Avg(progress),
            reported=Count("pk", filter=Q(**{f"{progress}__isnull": False})),
            unreported=Count("pk", filter=Q(**{f"{progress}__isnull": True})),
        )
        return RollUp(
            mean=None if figures["mean"] is None else round(figures["mean"]),
            reported=figures["reported"],
            unreported=figures["unreported"],
        )

    def overall_progress(self):
        return self.roll_up().mean


def _latest_entry(day):
    """The priority's own latest entry by the end of the day: its items' entries hold the
    items' states, not the priority's."""
    return (
        PriorityUpdate.objects.own()
        .filter(priority=OuterRef("pk"), as_of__lte=day)
        .order_by("-as_of", "-recorded_at", "-pk")
    )


def state_on(status_name, progress_name, day):
    """Annotations for a priority's status and progress at the end of the day."""
    latest = _latest_entry(day)
    return {
        status_name: Subquery(latest.values("new_status")[:1]),
        progress_name: Subquery(latest.values("new_progress")[:1]),
    }


class AsOfIterable(models.query.ModelIterable):
    """Priorities as they stood on a day: the day's state in ``status`` and ``progress``."""

    def __iter__(self):
        for priority in super().__iter__():
            priority.status, priority.progress = priority.status_as_of, priority.progress_as_of
            yield priority


class RollUp:
    """A plan's overall progress, with the method in words."""

    def __init__(self, mean, reported, unreported):
        self.mean, self.reported, self.unreported = mean, reported, unreported

    @classmethod
    def of(cls, states):
        """The roll-up of (status, progress) pairs, by the rule of ``roll_up()``."""
        counted = [progress for status, progress in states if status != Status.CANCELLED]
        figures = [progress for progress in counted if progress is not None]
        mean = round(sum(figures) / len(figures)) if figures else None
        return cls(mean=mean, reported=len(figures), unreported=len(counted) - len(figures))

    def __eq__(self, other):
        return isinstance(other, RollUp) and vars(self) == vars(other)

    def __repr__(self):
        return f"RollUp({self.method})"

    @property
    def method(self):
        if not self.reported:
            if not self.unreported:
                return "No priority counts towards overall progress."
            return "No priority has reported progress yet; none is counted as zero."
        words = f"Mean of {self.reported} {_priorities(self.reported)} with reported progress"
        if self.unreported:
            words += f"; {self.unreported} not reported"
        return words + "; cancelled priorities are left out."


class ItemRollUp:
    """A priority's roll-up of its action items, with the method in words."""

    def __init__(self, mean, reported, unreported, total, done):
        self.mean, self.reported, self.unreported = mean, reported, unreported
        self.total, self.done = total, done

    @classmethod
    def of(cls, items):
        """The roll-up of action items (or (status, progress) pairs)."""
        states = [(i.status, i.progress) if hasattr(i, "status") else i for i in items]
        base = RollUp.of(states)
        done = sum(1 for status, _ in states if status in (Status.COMPLETED, Status.CANCELLED))
        return cls(base.mean, base.reported, base.unreported, len(states), done)

    @classmethod
    def from_annotations(cls, priority):
        """From ``PriorityQuerySet.with_action_item_counts()``; None without items."""
        if not getattr(priority, "item_count", 0):
            return None
        mean = priority.item_mean_progress
        return cls(
            mean=None if mean is None else round(mean),
            reported=priority.item_reported_count,
            unreported=priority.item_unreported_count,
            total=priority.item_count,
            done=priority.item_done_count,
        )

    def __eq__(self, other):
        return isinstance(other, ItemRollUp) and vars(self) == vars(other)

    def __repr__(self):
        return f"ItemRollUp({self.method})"

    @property
    def completed(self):
        return bool(self.total) and self.done == self.total

    @property
    def method(self):
        if self.reported:
            words = f"Mean of {self.reported} {_items(self.reported)} with reported progress"
            if self.unreported:
                words += f"; {self.unreported} not reported"
            words += "; cancelled items are left out."
        elif self.unreported:
            words = "No action item has reported progress yet; none is counted as zero."
        else:
            words = "No action item counts towards progress."
        return words + " Completed when every item is completed or cancelled."


def _items(n):
    return "action item" if n == 1 else "action items"


@dataclasses.dataclass(frozen=True)
class Movement:
    """What moved for a priority between two points: its state at each (``None`` at the
    start when it was adopted in between)."""

    status_from: str | None
    progress_from: int | None
    status_to: str
    progress_to: int | None

    @property
    def status_from_label(self):
        return Status(self.status_from).label if self.status_from else ""

    @property
    def newly_adopted(self):
        return self.status_from is None

    @property
    def status_changed(self):
        return not self.newly_adopted and self.status_from != self.status_to

    @property
    def progress_points(self):
        """The change in progress, in points, when both ends report a figure."""
        if self.newly_adopted or None in (self.progress_from, self.progress_to):
            return None
        return self.progress_to - self.progress_from

    @property
    def kind(self):
        if self.newly_adopted:
            return "newly_adopted"
        return "moved" if self.parts() else "unchanged"

    def parts(self):
        parts = []
        if self.status_changed:
            parts.append(
                f"status changed: {Status(self.status_from).label} → {Status(self.status_to).label}"
            )
        points = self.progress_points
        if points:
            parts.append(f"progress {points:+d} points".replace("-", "−"))
        elif self.progress_from is None and self.progress_to is not None:
            parts.append(f"progress first reported: {self.progress_to}%")
        elif self.progress_from is not None and self.progress_to is None:
            parts.append("progress no longer reported")
        return parts

    def __str__(self):
        if self.newly_adopted:
            return "Newly adopted"
        parts = self.parts()
        if not parts:
            return "Unchanged"
        text = "; ".join(parts)
        return text[0].upper() + text[1:]


def _priorities(n):
    return "priority" if n == 1 else "priorities"


class PriorityManager(models.Manager.from_queryset(PriorityQuerySet)):
    def get_by_natural_key(self, workplan_slug, slug):
        try:
            return self.get(workplan__slug=workplan_slug, slug=slug)
        except self.model.DoesNotExist as error:
            raise unknown_key(self.model, (workplan_slug, slug)) from error


class TrackedState(TimestampedModel):
    """What priorities and action items share: a status and a progress (empty when none was
    reported), changed only through the one service that keeps their history."""

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Per cent done, 0 to 100; empty when no figure was reported.",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100) | Q(progress__isnull=True),
                name="%(class)s_progress_0_100",
                violation_error_message="Progress is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="%(class)s_status_valid",
                violation_error_message="Unknown status.",
            ),
        ]


class Priority(TrackedState):
    workplan = models.ForeignKey(
        WorkPlan, on_delete=models.PROTECT, related_name="priorities", verbose_name="work plan"
    )
    order = models.PositiveSmallIntegerField(help_text="Position in the work plan: 1, 2, 3…")
    title = models.CharField(max_length=400, help_text="Worded as in the work plan.")
    slug = models.SlugField(max_length=120)
    description = models.TextField(blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_priorities",
        verbose_name="lead organisation",
    )
    lead_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_priorities",
        verbose_name="lead member",
    )
    target_date = models.DateField(null=True, blank=True)
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        help_text="The priority of an earlier plan of the same working group that this one carries on.",
    )
    related_forums = models.ManyToManyField(Forum, blank=True, related_name="priorities")
    related_working_groups = models.ManyToManyField(
        WorkingGroup, blank=True, related_name="related_priorities"
    )

    objects = PriorityManager()

    class Meta:
        ordering = ["workplan", "order"]
        verbose_name = "priority"
        verbose_name_plural = "priorities"
        constraints = [
            *TrackedState.Meta.constraints,
            models.CheckConstraint(
                condition=Q(lead_organisation__isnull=True) | Q(lead_member__isnull=True),
                name="priority_one_lead",
                violation_error_message="A priority has one lead: an organisation or a member.",
            ),
            models.UniqueConstraint(
                fields=["workplan", "order"],
                name="priority_unique_order_in_plan",
                violation_error_message="Another priority already has this place in the work plan.",
            ),
            models.UniqueConstraint(
                fields=["workplan", "slug"],
                name="priority_unique_slug_in_plan",
                violation_error_message="Another priority of this work plan already has this slug.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.workplan.slug if self.workplan_id else None, self.slug)

    natural_key.dependencies = ["workplan.workplan"]

    def get_absolute_url(self):
        return reverse(
            "workplan:priority-detail",
            kwargs={"workplan_slug": self.workplan.slug, "slug": self.slug},
        )

    @property
    def lead(self):
        return self.lead_organisation or self.lead_member

    @property
    def item_roll_up(self):
        """The roll-up of the action items, from ``with_action_item_counts()``."""
        return ItemRollUp.from_annotations(self)

    @property
    def movement(self):
        """What moved between the two points of ``PriorityQuerySet.changes()``."""
        return Movement(self.status_from, self.progress_from, self.status, self.progress)

    def clean(self):
        earlier = self.continues if self.continues_id else None
        if earlier is None or not self.workplan_id:
            return
        if earlier.pk == self.pk:
            raise ValidationError({"continues": "A priority cannot continue itself."})
        if earlier.workplan.working_group_id != self.workplan.working_group_id:
            raise ValidationError(
                {"continues": "A priority continues a priority of the same working group."}
            )
        if earlier.workplan.start_date >= self.workplan.start_date:
            raise ValidationError(
                {"continues": "A priority continues a priority of an earlier plan."}
            )


class PriorityUpdateQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(priority__workplan=plan)

    def own(self):
        """Entries about the priorities themselves, not about their action items."""
        return self.filter(action_item__isnull=True)

    def of_items(self):
        return self.filter(action_item__isnull=False)

    def with_priority(self):
        return self.select_related("priority__workplan", "action_item")

    def timeline(self):
        """Newest first: by the day the state held, then by when it was recorded."""
        return self.order_by("-as_of", "-recorded_at", "-pk")

    def held_after(self, day):
        """Entries for days after the given one."""
        return self.filter(as_of__gt=day)

    def between(self, start, end):
        """Entries for the days after ``start`` up to and including ``end``."""
        return self.filter(as_of__gt=start, as_of__lte=end)


class PriorityUpdateManager(models.Manager.from_queryset(PriorityUpdateQuerySet)):
    def get_by_natural_key(self, workplan_slug, priority_slug, recorded_at):
        key = (workplan_slug, priority_slug, recorded_at)
        try:
            return self.get(
                priority__workplan__slug=workplan_slug,
                priority__slug=priority_slug,
                recorded_at=recorded_at,
            )
        except (self.model.DoesNotExist, ValidationError) as error:
            raise unknown_key(self.model, key) from error


class PriorityUpdate(models.Model):
    """One dated entry in a priority's history: the state it was in on a day, why, who
    recorded it and when, the meeting it was reported at and the sources."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="updates")
    action_item = models.ForeignKey(
        "ActionItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name="action item",
        help_text="Empty for an entry about the priority itself; else the priority's item it is about.",
    )
    old_status = models.CharField(
        max_length=20, choices=Status.choices, blank=True, help_text="Empty for the first entry."
    )
    new_status = models.CharField(max_length=20, choices=Status.choices)
    old_progress = models.PositiveSmallIntegerField(null=True, blank=True)
    new_progress = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty when the report gave no figure."
    )
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priority_updates",
        help_text="Empty for entries recorded from the sources.",
    )
    as_of = models.DateField(
        "as of",
        default=timezone.localdate,
        help_text="The day the state held, e.g. the day it was reported at a meeting.",
    )
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priority_updates",
        verbose_name="reported at",
        help_text="The meeting the progress was reported at, if any.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="priority_updates")
    updated_at = models.DateTimeField("last changed", auto_now=True, db_index=True)

    objects = PriorityUpdateManager()

    class Meta:
        ordering = ["-as_of", "-recorded_at", "-pk"]
        get_latest_by = ["as_of", "recorded_at"]
        verbose_name = "priority update"
        verbose_name_plural = "priority updates"
        indexes = [
            models.Index(
                fields=["priority", "-as_of", "-recorded_at"], name="priorityupdate_state_at"
            ),
            models.Index(fields=["-as_of", "-recorded_at"], name="priorityupdate_timeline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(new_progress__isnull=True) | Q(new_progress__lte=100))
                & (Q(old_progress__isnull=True) | Q(old_progress__lte=100)),
                name="priorityupdate_progress_0_100",
                violation_error_message="Progress is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(new_status__in=Status.values) & Q(old_status__in=["", *Status.values]),
                name="priorityupdate_status_valid",
                violation_error_message="Unknown status.",
            ),
            models.UniqueConstraint(
                fields=["priority", "recorded_at"],
                name="priorityupdate_unique_time_per_priority",
                violation_error_message="The priority already has an entry recorded at this time.",
            ),
        ]

    def __str__(self):
        return f"{self.subject}: {self.change_display} (as of {self.as_of:%d %b %Y})"

    @property
    def subject(self):
        """What the entry is about: the action item, else the priority."""
        return self.action_item if self.action_item_id else self.priority

    def natural_key(self):
        workplan_slug, priority_slug = (
            self.priority.natural_key() if self.priority_id else (None, None)
        )
        return (workplan_slug, priority_slug, self.recorded_at)

    natural_key.dependencies = ["workplan.priority"]

    def clean(self):
        if self.action_item_id and self.action_item.priority_id != self.priority_id:
            raise ValidationError({"action_item": "The action item is not under this priority."})
        if self.as_of and self.as_of > timezone.localdate():
            raise ValidationError({"as_of": "The date cannot be in the future."})
        if self.as_of and self.priority_id:
            adopted_on = self.priority.workplan.adopted_on
            if self.as_of < adopted_on:
                raise ValidationError(
                    {
                        "as_of": f"The date cannot be before the plan was adopted, on "
                        f"{adopted_on:%-d %B %Y}."
                    }
                )

    @property
    def public_author(self):
        """Who recorded the entry, as the public sees it: officers are never named."""
        return "Secretariat" if self.author_id else "Working Group"

    @property
    def change_display(self):
        new = state_display(self.new_status, self.new_progress)
        if not self.old_status:
            return new
        return f"{state_display(self.old_status, self.old_progress)} → {new}"


def state_display(status, progress):
    """ "In progress 40%", or "In progress, progress not reported"."""
    label = Status(status).label
    return f"{label} {progress}%" if progress is not None else f"{label}, progress not reported"


class ActionItemQuerySet(models.QuerySet):
    def with_leads(self):
        return self.select_related("priority__workplan").prefetch_related(
            "lead_members",
            models.Prefetch("lead_organisations", Organisation.objects.select_related("member")),
        )

    def with_history(self):
        """Each item's entries, newest first, with their meetings and sources."""
        entries = (
            PriorityUpdate.objects.timeline().select_related("meeting").prefetch_related("sources")
        )
        return self.prefetch_related(models.Prefetch("updates", queryset=entries))

    def led_by(self, slug):
        """Items led by the member or organisation with the slug, or by one of the member's
        organisations."""
        return self.filter(
            Q(lead_members__slug=slug)
            | Q(lead_organisations__slug=slug)
            | Q(lead_organisations__member__slug=slug)
        ).distinct()


class ActionItemManager(models.Manager.from_queryset(ActionItemQuerySet)):
    def get_by_natural_key(self, workplan_slug, priority_slug, order):
        try:
            return self.get(
                priority__workplan__slug=workplan_slug, priority__slug=priority_slug, order=order
            )
        except self.model.DoesNotExist as error:
            raise unknown_key(self.model, (workplan_slug, priority_slug, order)) from error


class ActionItem(TrackedState):
    """An action item under a priority, led by one or more members or organisations. Its
    status and progress change only through the service, which keeps its history in the
    same entries as the priorities' (``PriorityUpdate.action_item``)."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="action_items")
    order = models.PositiveSmallIntegerField(help_text="Position under the priority: 1, 2, 3…")
    title = models.CharField(max_length=400, help_text="Worded as in the work plan.")
    lead_members = models.ManyToManyField(
        Member,
        blank=True,
        related_name="led_action_items",
        verbose_name="lead members",
        help_text="Member states or member organisations that lead the item.",
    )
    lead_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="led_action_items",
        verbose_name="lead organisations",
        help_text="Agencies that lead the item, when the source names one.",
    )
    target_date = models.DateField(null=True, blank=True)

    objects = ActionItemManager()

    class Meta:
        ordering = ["priority", "order"]
        verbose_name = "action item"
        verbose_name_plural = "action items"
        constraints = [
            *TrackedState.Meta.constraints,
            models.UniqueConstraint(
                fields=["priority", "order"],
                name="actionitem_unique_order_in_priority",
                violation_error_message="Another action item already has this place under the priority.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.priority.natural_key(), self.order)

    natural_key.dependencies = ["workplan.priority"]

    def get_absolute_url(self):
        return f"{self.priority.get_absolute_url()}#action-item-{self.order}"

    @property
    def leads(self):
        """Members first, then organisations (prefetched by ``with_leads``)."""
        return [*self.lead_members.all(), *self.lead_organisations.all()]

    @property
    def workplan(self):
        return self.priority.workplan
