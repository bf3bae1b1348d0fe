from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class NaturalKeyBySlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyMixin:
    def natural_key(self):
        return (self.slug,)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField("created", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("last changed", auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Process(SlugNaturalKeyMixin, TimestampedModel):
    """A regional consultative process, such as the Bali Process, and its reported membership."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=80, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    established_year = models.PositiveSmallIntegerField(null=True, blank=True)
    co_chairs = models.ManyToManyField(
        "Member", blank=True, related_name="co_chaired_processes", verbose_name="co-chairs"
    )
    description = models.TextField(blank=True)
    member_states_reported = models.PositiveSmallIntegerField(
        "member states (as reported)", null=True, blank=True
    )
    member_organisations_reported = models.PositiveSmallIntegerField(
        "member organisations (as reported)", null=True, blank=True
    )
    observer_states_reported = models.PositiveSmallIntegerField(
        "observer states (as reported)", null=True, blank=True
    )
    observer_organisations_reported = models.PositiveSmallIntegerField(
        "observer organisations (as reported)", null=True, blank=True
    )

    objects = NaturalKeyBySlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "process"
        verbose_name_plural = "processes"

    def __str__(self):
        return self.short_name or self.name


class Member(SlugNaturalKeyMixin, TimestampedModel):
    """A member (or observer) of the process: a state or an international organisation."""

    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", "Member state"
        MEMBER_ORGANISATION = "member_organisation", "Member organisation"
        OBSERVER_STATE = "observer_state", "Observer state"
        OBSERVER_ORGANISATION = "observer_organisation", "Observer organisation"

    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=20, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)

    objects = NaturalKeyBySlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "member"
        verbose_name_plural = "members"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "member_state",
                        "member_organisation",
                        "observer_state",
                        "observer_organisation",
                    ]
                ),
                name="member_kind_valid",
                violation_error_message="Unknown kind of member.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_state(self):
        return self.kind in (self.Kind.MEMBER_STATE, self.Kind.OBSERVER_STATE)


class Organisation(SlugNaturalKeyMixin, TimestampedModel):
    """An agency or body: a national agency of a member state, or an international body."""

    class Kind(models.TextChoices):
        GOVERNMENT_AGENCY = "government_agency", "Government agency"
        INTERNATIONAL_ORGANISATION = "international_organisation", "International organisation"
        REGIONAL_OFFICE = "regional_office", "Regional office"
        NON_GOVERNMENTAL = "non_governmental", "Non-governmental organisation"
        PRIVATE_SECTOR = "private_sector", "Private sector"

    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=20, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=(
            "The member state the agency belongs to, or the member organisation it is part of."
        ),
    )
    description = models.TextField(blank=True)

    objects = NaturalKeyBySlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "government_agency",
                        "international_organisation",
                        "regional_office",
                        "non_governmental",
                        "private_sector",
                    ]
                ),
                name="organisation_kind_valid",
                violation_error_message="Unknown kind of organisation.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="government_agency") | Q(member__isnull=False),
                name="organisation_agency_has_member",
                violation_error_message="A government agency belongs to a member state.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def country(self):
        if self.member_id and self.member.is_state:
            return self.member.name
        return ""


class WorkingGroupQuerySet(models.QuerySet):
    def with_co_chairs(self):
        return self.prefetch_related("co_chairs")


class WorkingGroup(SlugNaturalKeyMixin, TimestampedModel):
    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="working_groups")
    name = models.CharField(max_length=250, unique=True)
    short_name = models.CharField(max_length=80, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    co_chairs = models.ManyToManyField(
        Member, blank=True, related_name="co_chaired_working_groups", verbose_name="co-chairs"
    )
    first_met_on = models.DateField("first met on", null=True, blank=True)
    description = models.TextField(blank=True)

    objects = NaturalKeyBySlugManager.from_queryset(WorkingGroupQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = "working group"
        verbose_name_plural = "working groups"

    def __str__(self):
        return self.short_name or self.name


class EventQuerySet(models.QuerySet):
    def held_in_year(self, year):
        return self.filter(start_date__year__lte=year, end_date__year__gte=year)

    def latest_first(self):
        return self.order_by("-start_date", "-end_date", "-pk")


class Event(TimestampedModel):
    """What meetings and forums share: a title, a slug, dates and a place (or online)."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    start_date = models.DateField(db_index=True)
    end_date = models.DateField(
        help_text="The last day; the same as the start for a one-day event."
    )
    is_online = models.BooleanField("held online", default=False)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="The event cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(is_online=False) | Q(city="", country=""),
                name="%(app_label)s_%(class)s_online_has_no_place",
                violation_error_message="An online event has no city or country.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def place(self):
        if self.is_online:
            return "Online"
        return ", ".join(part for part in (self.city, self.country) if part)

    @property
    def dates_display(self):
        """Dates as read in the region: "16–19 May 2016", "30 May – 2 June 2016"."""
        start, end = self.start_date, self.end_date
        if start == end:
            return f"{start.day} {start:%B %Y}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {end:%B %Y}"
        if start.year == end.year:
            return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
        return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


class MeetingQuerySet(EventQuerySet):
    def with_co_chairs(self):
        return self.prefetch_related("co_chairs")

    def with_details(self):
        """What a meeting's pages show: its group, co-chairs and their countries, the plans
        adopted there and the forums held alongside."""
        return self.select_related("working_group").prefetch_related(
            models.Prefetch("co_chairs", queryset=Organisation.objects.select_related("member")),
            "work_plans",
            "forums",
        )


class Meeting(Event):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="meetings"
    )
    co_chairs = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="co_chaired_meetings",
        verbose_name="co-chairing agencies",
    )
    summary = models.TextField(blank=True)
    image = models.FileField(
        upload_to="meetings/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
        help_text="A photograph of the meeting (JPEG, PNG or WebP).",
    )

    objects = NaturalKeyBySlugManager.from_queryset(MeetingQuerySet)()

    class Meta(Event.Meta):
        verbose_name = "meeting"
        verbose_name_plural = "meetings"

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", kwargs={"slug": self.slug})
