from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from meetings.models import (
    Event,
    EventKind,
    EventQuerySet,
    Meeting,
    Member,
    NaturalKeyBySlugManager,
    NaturalKeyManager,
    Organisation,
    TimestampedModel,
    WorkingGroup,
    unknown_key,
)

ONE_EVENT = Q(forum__isnull=False, meeting__isnull=True) | Q(
    forum__isnull=True, meeting__isnull=False
)


class ForumQuerySet(EventQuerySet):
    def with_summary(self):
        """What a forum's entry in a list shows: the meeting alongside, co-chairs and co-hosts."""
        return self.select_related("working_group", "meeting").with_hosts()

    def with_programme(self):
        """A forum's page: its summary, the organisations taking part (never the officials'
        names or contacts), the presentations and the sources."""
        return self.with_summary().prefetch_related(*programme_prefetches(), "sources")


def programme_prefetches():
    """Who took part and who presented at an event, as its public pages show them."""
    return [
        models.Prefetch(
            "participants",
            queryset=Participant.objects.public().select_related("organisation__member", "member"),
        ),
        models.Prefetch(
            "presentations",
            queryset=Presentation.objects.prefetch_related(
                models.Prefetch(
                    "organisations", queryset=Organisation.objects.select_related("member")
                ),
                "members",
            ),
        ),
    ]


def meetings_with_programme():
    """Meetings with what their pages show: their details, the organisations taking part
    and the presentations."""
    return Meeting.objects.with_details().prefetch_related(*programme_prefetches())


class Forum(Event):
    """A forum, workshop, symposium, roundtable or webinar, often held alongside a meeting."""

    kind = models.CharField(
        max_length=20,
        choices=EventKind.choices,
        default=EventKind.FORUM,
        db_index=True,
        help_text="For filtering.",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forums",
        help_text="Empty for an event of the whole process rather than one working group.",
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name="held alongside",
        help_text="The meeting the event was held alongside, if any.",
    )
    focus = models.TextField(blank=True)

    objects = NaturalKeyBySlugManager.from_queryset(ForumQuerySet)()

    class Meta(Event.Meta):
        verbose_name = "forum"
        verbose_name_plural = "forums"

    def get_absolute_url(self):
        return reverse("forums:forum-detail", kwargs={"slug": self.slug})

    @property
    def within_meeting(self):
        """Whether the forum was part of the meeting it was held alongside: its dates lie
        within the meeting's. Otherwise the two were only held alongside each other."""
        return self.meeting_id is not None and self.meeting.contains(self)


EVENT_TYPES = ("forum", "meeting")


class EventAttachmentQuerySet(models.QuerySet):
    def for_event(self, event):
        if isinstance(event, Forum):
            return self.filter(forum=event)
        return self.filter(meeting=event)


class EventAttachment(TimestampedModel):
    """What participants and presentations share: they belong to one forum or one meeting,
    and a fixture names them by that event's type and slug ("forum", "…-2016")."""

    class Meta:
        abstract = True

    @property
    def event(self):
        return self.forum or self.meeting

    @property
    def event_key(self):
        """("forum", slug) or ("meeting", slug); None parts while the event is unknown."""
        for event_type in EVENT_TYPES:
            if getattr(self, f"{event_type}_id") is not None:
                return (event_type, getattr(self, event_type).slug)
        return (None, None)


def event_lookup(event_type, event_slug):
    if event_type not in EVENT_TYPES:
        raise ValueError(f"The event type is {' or '.join(EVENT_TYPES)}, not {event_type!r}.")
    return {f"{event_type}__slug": event_slug}


class ParticipantQuerySet(EventAttachmentQuerySet):
    def public(self):
        """Without the officials' names and contacts: they are not even read."""
        return self.defer("individual_names", "individual_contacts")


ATTENDEE_TYPES = ("organisation", "member")


class ParticipantManager(NaturalKeyManager.from_queryset(ParticipantQuerySet)):
    def get_by_natural_key(self, event_type, event_slug, attendee_type, attendee_slug, role):
        key = (event_type, event_slug, attendee_type, attendee_slug, role)
        try:
            if attendee_type not in ATTENDEE_TYPES:
                raise ValueError(attendee_type)
            return self.get(
                **event_lookup(event_type, event_slug),
                **{f"{attendee_type}__slug": attendee_slug},
                role=role,
            )
        except (self.model.DoesNotExist, ValueError) as error:
            raise unknown_key(self.model, key) from error


class Participant(EventAttachment):
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

    objects = ParticipantManager()

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
            *[
                models.UniqueConstraint(
                    fields=[event_type, attendee_type, "role"],
                    condition=Q(
                        **{f"{event_type}__isnull": False, f"{attendee_type}__isnull": False}
                    ),
                    name=f"participant_unique_{attendee_type}_role_at_{event_type}",
                    violation_error_message=f"This {attendee_type} already has this role at the {event_type}.",
                )
                for event_type in EVENT_TYPES
                for attendee_type in ATTENDEE_TYPES
            ],
        ]

    def __str__(self):
        return f"{self.attendee} ({self.get_role_display()}) at {self.event}"

    def natural_key(self):
        attendee_type = "organisation" if self.organisation_id is not None else "member"
        attendee = getattr(self, attendee_type) if getattr(self, f"{attendee_type}_id") else None
        return (*self.event_key, attendee_type, attendee and attendee.slug, self.role)

    natural_key.dependencies = ["forums.forum", "meetings.meeting", "meetings.organisation"]

    @property
    def attendee(self):
        return self.organisation or self.member


class PresentationManager(NaturalKeyManager.from_queryset(EventAttachmentQuerySet)):
    def get_by_natural_key(self, event_type, event_slug, order):
        try:
            return self.get(**event_lookup(event_type, event_slug), order=order)
        except (self.model.DoesNotExist, ValueError) as error:
            raise unknown_key(self.model, (event_type, event_slug, order)) from error


class Presentation(EventAttachment):
    """A presentation given at a forum or meeting, often known only by who gave it and its
    kind: one agency, several members together, or a group such as the Co-Chairs."""

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
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="presentations",
        verbose_name="presenting organisations",
    )
    members = models.ManyToManyField(
        Member,
        blank=True,
        related_name="presentations",
        verbose_name="presenting members",
        help_text="Use when the source names a government or member rather than an agency.",
    )
    presenter_role = models.CharField(
        "presenter's role",
        max_length=200,
        blank=True,
        help_text='Public: a role, never a name, e.g. "Working Group Co-Chairs".',
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

    objects = PresentationManager()

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
        return self.title or f"{self.get_kind_display()} {self.order}"

    def natural_key(self):
        return (*self.event_key, self.order)

    natural_key.dependencies = ["forums.forum", "meetings.meeting"]

    @property
    def presenters(self):
        """Who gave it: members first, then organisations (prefetched on pages)."""
        return [*self.members.all(), *self.organisations.all()]

    @property
    def presented_by(self):
        """In words, as the source allows: "Sri Lankan Police", "Working Group Co-Chairs"."""
        names = [str(presenter) for presenter in self.presenters]
        if self.presenter_role:
            names.append(self.presenter_role)
        return ", ".join(names)
