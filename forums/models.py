from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from meetings.models import (
    Event,
    EventQuerySet,
    Meeting,
    Member,
    NaturalKeyBySlugManager,
    Organisation,
    TimestampedModel,
    WorkingGroup,
)

ONE_EVENT = Q(forum__isnull=False, meeting__isnull=True) | Q(
    forum__isnull=True, meeting__isnull=False
)


class ForumQuerySet(EventQuerySet):
    def with_summary(self):
        """What a forum's entry in a list shows: the meeting alongside and the co-hosts."""
        return self.select_related("working_group", "meeting").prefetch_related(
            models.Prefetch("co_hosts", queryset=Organisation.objects.select_related("member"))
        )

    def with_programme(self):
        """A forum's page: its summary, the organisations taking part (never the officials'
        names or contacts) and the presentations."""
        return self.with_summary().prefetch_related(
            models.Prefetch(
                "participants",
                queryset=Participant.objects.public().select_related(
                    "organisation__member", "member"
                ),
            ),
            models.Prefetch(
                "presentations",
                queryset=Presentation.objects.select_related("organisation__member"),
            ),
        )


class Forum(Event):
    """A forum, workshop, symposium or roundtable, often held alongside a meeting."""

    class Kind(models.TextChoices):
        FORUM = "forum", "Forum"
        WORKSHOP = "workshop", "Workshop"
        SYMPOSIUM = "symposium", "Symposium"
        ROUNDTABLE = "roundtable", "Roundtable"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FORUM, db_index=True)
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="forums")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forums",
        help_text="The meeting the forum was held alongside, if any.",
    )
    co_hosts = models.ManyToManyField(
        Organisation, blank=True, related_name="co_hosted_forums", verbose_name="co-hosts"
    )
    focus = models.TextField(blank=True)
    participants_total = models.PositiveIntegerField(
        "participants (as reported)",
        null=True,
        blank=True,
        help_text="Leave empty when the source gives no figure.",
    )
    member_countries = models.PositiveIntegerField(
        "member countries (as reported)", null=True, blank=True
    )
    international_organisations = models.PositiveIntegerField(
        "international organisations (as reported)", null=True, blank=True
    )
    countries_and_organisations = models.PositiveIntegerField(
        "countries and organisations combined (as reported)",
        null=True,
        blank=True,
        help_text="Only for sources that give one combined figure.",
    )

    objects = NaturalKeyBySlugManager.from_queryset(ForumQuerySet)()

    class Meta(Event.Meta):
        verbose_name = "forum"
        verbose_name_plural = "forums"
        constraints = [
            *Event.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=["forum", "workshop", "symposium", "roundtable"]),
                name="forums_forum_kind_valid",
                violation_error_message="Unknown kind of forum.",
            ),
        ]

    def get_absolute_url(self):
        return reverse("forums:forum-detail", kwargs={"slug": self.slug})

    @property
    def participation_display(self):
        """Participation in the source's own terms; figures not reported are left out."""
        parts = []
        if self.participants_total is not None:
            parts.append(f"{self.participants_total} participants")
        origins = []
        if self.member_countries is not None:
            origins.append(f"{self.member_countries} member countries")
        if self.international_organisations is not None:
            origins.append(f"{self.international_organisations} international organisations")
        if self.countries_and_organisations is not None:
            origins.append(f"{self.countries_and_organisations} member countries and organisations")
        if origins:
            parts.append(("from " if parts else "") + " and ".join(origins))
        return " ".join(parts)


class EventAttachmentQuerySet(models.QuerySet):
    def for_event(self, event):
        if isinstance(event, Forum):
            return self.filter(forum=event)
        return self.filter(meeting=event)


class ParticipantQuerySet(EventAttachmentQuerySet):
    def public(self):
        """Without the officials' names and contacts: they are not even read."""
        return self.defer("individual_names", "individual_contacts")


class Participant(TimestampedModel):
    """An organisation's or a member's attendance at a forum or a meeting.

    The names and contacts of individual officials are private: they stay in admin.
    """

    class Role(models.TextChoices):
        CO_HOST = "co_host", "Co-host"
        CO_CHAIR = "co_chair", "Co-chair"
        PRESENTER = "presenter", "Presenter"
        DELEGATE = "delegate", "Delegate"
        OBSERVER = "observer", "Observer"

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="participants"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="participants"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="Use when the source names a member rather than one of its agencies.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, db_index=True)
    headcount = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people it sent, if reported."
    )
    individual_names = models.TextField(blank=True, help_text="Private: never shown outside admin.")
    individual_contacts = models.TextField(
        blank=True, help_text="Private: never shown outside admin."
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = "participant"
        verbose_name_plural = "participants"
        constraints = [
            models.CheckConstraint(
                condition=ONE_EVENT,
                name="participant_one_event",
                violation_error_message=(
                    "A participant attends exactly one event: a forum or a meeting."
                ),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, member__isnull=True)
                | Q(organisation__isnull=True, member__isnull=False),
                name="participant_one_attendee",
                violation_error_message="A participant is either an organisation or a member.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["co_host", "co_chair", "presenter", "delegate", "observer"]),
                name="participant_role_valid",
                violation_error_message="Unknown participant role.",
            ),
        ]

    def __str__(self):
        return f"{self.attendee} ({self.get_role_display()}) at {self.event}"

    @property
    def event(self):
        return self.forum or self.meeting

    @property
    def attendee(self):
        return self.organisation or self.member


class Presentation(TimestampedModel):
    """A presentation given at a forum or meeting, often known only by its agency and kind."""

    class Kind(models.TextChoices):
        CASE_STUDY = "case_study", "Case study"
        PRESENTATION = "presentation", "Presentation"
        KEYNOTE = "keynote", "Keynote"
        PANEL = "panel", "Panel"

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="presentations"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="presentations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="presentations",
        verbose_name="presenting organisation",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRESENTATION)
    title = models.CharField(max_length=300, blank=True, help_text="Leave empty when unknown.")
    order = models.PositiveSmallIntegerField(help_text="Position in the programme: 1, 2, 3…")
    summary = models.TextField(blank=True)
    slides = models.FileField(
        upload_to="presentations/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "pptx", "ppt", "odp"])],
    )

    objects = EventAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "presentation"
        verbose_name_plural = "presentations"
        constraints = [
            models.CheckConstraint(
                condition=ONE_EVENT,
                name="presentation_one_event",
                violation_error_message=(
                    "A presentation belongs to exactly one event: a forum or a meeting."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["case_study", "presentation", "keynote", "panel"]),
                name="presentation_kind_valid",
                violation_error_message="Unknown kind of presentation.",
            ),
            models.UniqueConstraint(
                fields=["forum", "order"],
                condition=Q(forum__isnull=False),
                name="presentation_unique_order_in_forum",
                violation_error_message=(
                    "Another presentation already has this place in the forum's programme."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "order"],
                condition=Q(meeting__isnull=False),
                name="presentation_unique_order_in_meeting",
                violation_error_message=(
                    "Another presentation already has this place in the meeting's programme."
                ),
            ),
        ]

    def __str__(self):
        label = self.title or f"{self.get_kind_display()} by {self.organisation}"
        return label

    @property
    def event(self):
        return self.forum or self.meeting
