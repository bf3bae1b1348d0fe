from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


def unknown_key(model, key):
    """The error for a natural key that names no row: it says which model and which key,
    so a fixture that refers to something missing is refused with a message that helps."""
    return model.DoesNotExist(f"No {model._meta.label} has the key {list(key)!r}.")


class NaturalKeyManager(models.Manager):
    """Looks a row up by its natural key, and names model and key when there is none."""

    natural_key_fields = ()

    def get_by_natural_key(self, *key):
        try:
            return self.get(**dict(zip(self.natural_key_fields, key, strict=True)))
        except (self.model.DoesNotExist, ValueError, TypeError) as error:
            raise unknown_key(self.model, key) from error


class NaturalKeyBySlugManager(NaturalKeyManager):
    natural_key_fields = ("slug",)


class SlugNaturalKeyMixin:
    def natural_key(self):
        return (self.slug,)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField("created", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("last changed", auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Source(SlugNaturalKeyMixin, TimestampedModel):
    """A published document that records facts: a web page, a report, a meeting outcome."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=120, unique=True, help_text="The source's key in fixtures and exports."
    )
    url = models.URLField("URL", max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    accessed = models.DateField("date accessed", null=True, blank=True)

    objects = NaturalKeyBySlugManager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = "source"
        verbose_name_plural = "sources"

    def __str__(self):
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    def get_absolute_url(self):
        return self.url


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


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid (in person and online)"
    UNKNOWN = "unknown", "Format not recorded"


class EventKind(models.TextChoices):
    """A short vocabulary for filtering; the source's own label is kept beside it."""

    MEETING = "meeting", "Meeting"
    FORUM = "forum", "Forum"
    WORKSHOP = "workshop", "Workshop"
    SYMPOSIUM = "symposium", "Symposium"
    ROUNDTABLE = "roundtable", "Roundtable"
    WEBINAR = "webinar", "Webinar"
    CONSULTATION = "consultation", "Consultation"
    TRAINING = "training", "Training"
    OTHER = "other", "Other"


class EventQuerySet(models.QuerySet):
    def held_in_year(self, year):
        return self.filter(start_date__year__lte=year, end_date__year__gte=year)

    def latest_first(self):
        return self.order_by("-start_date", "-end_date", "-pk")

    def with_hosts(self):
        """Co-chairs and co-hosts, governments and agencies (with their member)."""
        agencies = Organisation.objects.select_related("member")
        return self.prefetch_related(
            models.Prefetch("co_chairs", queryset=agencies),
            models.Prefetch("co_hosts", queryset=agencies),
            "co_chair_members",
            "co_host_members",
        )


class Event(TimestampedModel):
    """What meetings and forums share: title, dates, place and format, who chaired and
    hosted it, participation as the source reported it, and the sources."""

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(
        max_length=20, choices=EventKind.choices, db_index=True, help_text="For filtering."
    )
    kind_as_stated = models.CharField(
        "kind as stated",
        max_length=120,
        blank=True,
        help_text='The source\'s own label, e.g. "Regional Webinar", "Consultation Workshop".',
    )
    start_date = models.DateField(db_index=True)
    end_date = models.DateField(
        help_text="The last day; the same as the start for a one-day event."
    )
    attendance_mode = models.CharField(
        "format",
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.UNKNOWN,
        db_index=True,
        help_text="Leave as not recorded unless the source says how the event was held.",
    )
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True, db_index=True)
    co_chairs = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="co_chaired_%(class)ss",
        verbose_name="co-chairs (agencies)",
    )
    co_chair_members = models.ManyToManyField(
        Member,
        blank=True,
        related_name="co_chaired_%(class)ss",
        verbose_name="co-chairs (governments)",
        help_text='Use when the source names a government, e.g. "Government of Australia".',
    )
    co_hosts = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="co_hosted_%(class)ss",
        verbose_name="co-hosts (agencies)",
    )
    co_host_members = models.ManyToManyField(
        Member,
        blank=True,
        related_name="co_hosted_%(class)ss",
        verbose_name="co-hosts (governments)",
    )
    participants_total = models.PositiveIntegerField(
        "participants (as reported)",
        null=True,
        blank=True,
        help_text="Leave empty when the source gives no figure.",
    )
    countries = models.PositiveIntegerField("countries (as reported)", null=True, blank=True)
    organisations = models.PositiveIntegerField(
        "international organisations (as reported)", null=True, blank=True
    )
    countries_and_organisations = models.PositiveIntegerField(
        "countries and organisations combined (as reported)",
        null=True,
        blank=True,
        help_text="Only for sources that give one combined figure: never split it.",
    )
    participation_as_stated = models.TextField(
        "participation as stated",
        blank=True,
        help_text="The source's own sentence about who took part, shown as written.",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="%(class)ss")

    class Meta:
        abstract = True
        ordering = ["-start_date", "title"]
        # The lists' order, latest first; a year is a range of start dates within it.
        indexes = [
            models.Index(
                fields=["-start_date", "-end_date", "-id"], name="%(app_label)s_%(class)s_latest"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message="The event cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(attendance_mode__in=AttendanceMode.values),
                name="%(app_label)s_%(class)s_attendance_mode_valid",
                violation_error_message="Unknown format.",
            ),
            models.CheckConstraint(
                condition=~Q(attendance_mode=AttendanceMode.ONLINE) | Q(city="", country=""),
                name="%(app_label)s_%(class)s_online_has_no_place",
                violation_error_message="An online event has no city or country.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
                violation_error_message="Unknown kind of event.",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def place(self):
        """Where it was held, as far as the source says: "Bangkok, Thailand", "Online"."""
        where = ", ".join(part for part in (self.city, self.country) if part)
        if self.attendance_mode == AttendanceMode.ONLINE:
            return "Online"
        if self.attendance_mode == AttendanceMode.HYBRID:
            return f"{where} and online" if where else "Online and in person"
        return where

    @property
    def format_known(self):
        return self.attendance_mode != AttendanceMode.UNKNOWN

    @property
    def kind_label(self):
        """The source's own label where it gave one, else the vocabulary's."""
        return self.kind_as_stated or self.get_kind_display()

    def contains(self, other):
        """Whether the other event's dates lie within this one's."""
        return self.start_date <= other.start_date and other.end_date <= self.end_date

    @property
    def chaired_by(self):
        """Governments first, then agencies: whoever the source named as co-chairs."""
        return [*self.co_chair_members.all(), *self.co_chairs.all()]

    @property
    def hosted_by(self):
        return [*self.co_host_members.all(), *self.co_hosts.all()]

    @property
    def participation_figures(self):
        """The reported figures in neutral words ("88 participants from 30 countries and 5
        international organisations"); figures not reported are left out, and a combined
        figure stays combined."""
        parts = []
        if self.participants_total is not None:
            parts.append(f"{self.participants_total} participants")
        origins = []
        if self.countries is not None:
            origins.append(f"{self.countries} countries")
        if self.organisations is not None:
            origins.append(f"{self.organisations} international organisations")
        if self.countries_and_organisations is not None:
            origins.append(f"{self.countries_and_organisations} countries and organisations")
        if origins:
            parts.append(("from " if parts else "") + " and ".join(origins))
        return " ".join(parts)

    @property
    def participation_display(self):
        """The source's own words when recorded, else the figures in neutral words."""
        return self.participation_as_stated or self.participation_figures

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
        return self.with_hosts()

    def with_details(self):
        """What a meeting's pages show: its group, co-chairs and co-hosts, the plans
        adopted and reviewed there, the events held alongside and the sources."""
        return (
            self.select_related("working_group")
            .with_hosts()
            .prefetch_related("work_plans", "reviewed_work_plans", "forums", "sources")
        )


class Meeting(Event):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(
        max_length=20,
        choices=EventKind.choices,
        default=EventKind.MEETING,
        db_index=True,
        help_text="For filtering.",
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
