from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Avg, Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum
from meetings.models import (
    Meeting,
    Member,
    NaturalKeyBySlugManager,
    Organisation,
    TimestampedModel,
    WorkingGroup,
)


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ONGOING = "ongoing", "Ongoing"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class WorkPlanQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-start_year", "-end_year", "-pk")

    def current(self):
        """The plan in force: the one with the latest period."""
        return self.latest_first().select_related("working_group", "adopted_at").first()

    def with_progress(self):
        """Each plan's number of priorities and overall progress, counted as on its page."""
        return self.select_related("working_group", "adopted_at").annotate(
            priority_count=Count("priorities"),
            overall_progress=Avg(
                "priorities__progress", filter=~Q(priorities__status=Status.CANCELLED)
            ),
        )


class WorkPlan(TimestampedModel):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="work_plans"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plans",
        verbose_name="adopted at",
        help_text="The meeting that agreed the plan.",
    )
    summary = models.TextField(blank=True)

    objects = NaturalKeyBySlugManager.from_queryset(WorkPlanQuerySet)()

    class Meta:
        ordering = ["-start_year", "-end_year", "title"]
        verbose_name = "work plan"
        verbose_name_plural = "work plans"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="workplan_period_in_order",
                violation_error_message="The period cannot end before it starts.",
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
        """The period as the sources write it: "2016–17"."""
        if self.start_year == self.end_year:
            return str(self.start_year)
        if self.start_year // 100 == self.end_year // 100:
            return f"{self.start_year}–{self.end_year % 100:02d}"
        return f"{self.start_year}–{self.end_year}"


class PriorityQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(workplan=plan)

    def with_lead(self):
        return self.select_related("workplan", "lead_organisation", "lead_member")

    def with_related(self):
        return self.with_lead().prefetch_related("related_forums", "related_working_groups")

    def with_last_update(self):
        return self.annotate(last_update_at=Max("updates__recorded_at"))

    def status_counts(self):
        """{status: number of priorities}, every status present, zero where none."""
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return {status: counts.get(status, 0) for status in Status.values}

    def overall_progress(self):
        """Mean progress of the priorities that count: cancelled ones are left out."""
        mean = self.exclude(status=Status.CANCELLED).aggregate(mean=Avg("progress"))["mean"]
        return None if mean is None else round(mean)


class PriorityManager(models.Manager.from_queryset(PriorityQuerySet)):
    def get_by_natural_key(self, workplan_slug, slug):
        return self.get(workplan__slug=workplan_slug, slug=slug)


class Priority(TimestampedModel):
    workplan = models.ForeignKey(
        WorkPlan, on_delete=models.PROTECT, related_name="priorities", verbose_name="work plan"
    )
    order = models.PositiveSmallIntegerField(help_text="Position in the work plan: 1, 2, 3…")
    title = models.CharField(max_length=400, help_text="Worded as in the work plan.")
    slug = models.SlugField(max_length=120)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="Per cent done, 0 to 100 (not meaningful for an ongoing activity).",
    )
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
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="priority_progress_0_100",
                violation_error_message="Progress is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="priority_status_valid",
                violation_error_message="Unknown status.",
            ),
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
        return (*self.workplan.natural_key(), self.slug)

    natural_key.dependencies = ["workplan.workplan"]

    def get_absolute_url(self):
        return reverse(
            "workplan:priority-detail",
            kwargs={"workplan_slug": self.workplan.slug, "slug": self.slug},
        )

    @property
    def lead(self):
        return self.lead_organisation or self.lead_member


class PriorityUpdateQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(priority__workplan=plan)

    def with_priority(self):
        return self.select_related("priority__workplan")

    def recorded_after(self, day):
        """Entries recorded after the given day (in the site's time zone) ended."""
        return self.filter(recorded_at__date__gt=day)


class PriorityUpdate(models.Model):
    """One dated entry in a priority's history: what changed, why, and who recorded it."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="updates")
    old_status = models.CharField(
        max_length=20, choices=Status.choices, blank=True, help_text="Empty for the first entry."
    )
    new_status = models.CharField(max_length=20, choices=Status.choices)
    old_progress = models.PositiveSmallIntegerField(null=True, blank=True)
    new_progress = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priority_updates",
        help_text="Empty for entries recorded from the sources.",
    )
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("last changed", auto_now=True, db_index=True)

    objects = PriorityUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        get_latest_by = "recorded_at"
        verbose_name = "priority update"
        verbose_name_plural = "priority updates"
        constraints = [
            models.CheckConstraint(
                condition=Q(new_progress__lte=100)
                & (Q(old_progress__isnull=True) | Q(old_progress__lte=100)),
                name="priorityupdate_progress_0_100",
                violation_error_message="Progress is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(new_status__in=Status.values) & Q(old_status__in=["", *Status.values]),
                name="priorityupdate_status_valid",
                violation_error_message="Unknown status.",
            ),
        ]

    def __str__(self):
        return f"{self.priority}: {self.change_display} ({self.recorded_at:%d %b %Y})"

    @property
    def public_author(self):
        """Who recorded the entry, as the public sees it: officers are never named."""
        return "Secretariat" if self.author_id else "Working Group"

    @property
    def change_display(self):
        new = f"{Status(self.new_status).label} {self.new_progress}%"
        if not self.old_status:
            return new
        return f"{Status(self.old_status).label} {self.old_progress}% → {new}"
