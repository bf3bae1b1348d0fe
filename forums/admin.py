from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.forms import Textarea

from forums.models import Forum, Participant, Presentation
from meetings import admin as meetings_admin
from meetings.models import Meeting

SHORT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 30})}}


class PresentationInline(admin.TabularInline):
    model = Presentation
    fields = ("order", "kind", "organisation", "title", "slides")
    autocomplete_fields = ("organisation",)
    ordering = ("order", "pk")
    extra = 0


class ParticipantInline(admin.TabularInline):
    """The private names and contacts of officials are kept here, and only here."""

    model = Participant
    fields = (
        "organisation",
        "member",
        "role",
        "headcount",
        "individual_names",
        "individual_contacts",
    )
    autocomplete_fields = ("organisation", "member")
    formfield_overrides = SHORT_TEXT
    extra = 0


class EventRecordsMixin:
    """An event's programme and attendance are edited inside the event, as officers read them."""

    inlines = (PresentationInline, ParticipantInline)

    def get_queryset(self, request):
        # Distinct counts: two joins side by side would multiply each other.
        return (
            super()
            .get_queryset(request)
            .annotate(
                presentation_count=Count("presentations", distinct=True),
                participant_count=Count("participants", distinct=True),
            )
        )

    @admin.display(description="presentations", ordering="presentation_count")
    def presentations(self, event):
        return event.presentation_count

    @admin.display(description="participants", ordering="participant_count")
    def participants(self, event):
        return event.participant_count


@admin.register(Forum)
class ForumAdmin(EventRecordsMixin, meetings_admin.EventAdmin):
    list_display = (
        "title",
        "kind",
        "working_group",
        "dates",
        "place",
        "presentations",
        "participants",
    )
    list_filter = ("kind", *meetings_admin.EventAdmin.list_filter)
    search_fields = (*meetings_admin.EventAdmin.search_fields, "focus")
    autocomplete_fields = ("co_hosts", "meeting")
    fieldsets = (
        (None, {"fields": ("kind", "working_group", "title", "slug", "meeting", "co_hosts")}),
        (
            "When and where",
            {
                "description": "For an online forum tick “held online” and leave the place empty.",
                "fields": ("start_date", "end_date", "is_online", "city", "country"),
            },
        ),
        ("Focus", {"fields": ("focus",)}),
        (
            "Participation as reported",
            {
                "description": (
                    "Copy the figures the source gives, in its own terms. Leave empty what it "
                    "does not give; never work a figure out from the others."
                ),
                "fields": (
                    "participants_total",
                    "member_countries",
                    "international_organisations",
                    "countries_and_organisations",
                ),
            },
        ),
        ("Record", {"fields": meetings_admin.TIMESTAMPS}),
    )


# Meetings know nothing of forums (dependencies point one way), so the meeting's
# page gains its presentations and participants here.
admin.site.unregister(Meeting)


@admin.register(Meeting)
class MeetingAdmin(EventRecordsMixin, meetings_admin.MeetingAdmin):
    list_display = ("title", "working_group", "dates", "place", "presentations", "participants")


class EventAttachmentAdmin(meetings_admin.TrackerAdmin):
    list_select_related = ("forum", "meeting", "organisation")
    list_filter = ("forum", "meeting")
    readonly_fields = meetings_admin.TIMESTAMPS

    @admin.display(description="forum or meeting")
    def event(self, attachment):
        return attachment.event


@admin.register(Participant)
class ParticipantAdmin(EventAttachmentAdmin):
    list_display = ("attendee", "role", "event", "headcount")
    list_select_related = (*EventAttachmentAdmin.list_select_related, "member")
    list_filter = ("role", *EventAttachmentAdmin.list_filter)
    search_fields = ("organisation__name", "member__name", "individual_names")
    autocomplete_fields = ("forum", "meeting", "organisation", "member")
    fieldsets = (
        (
            None,
            {
                "description": "Choose one event (a forum or a meeting) and one attendee "
                "(an organisation, or a member when the source names no agency).",
                "fields": ("forum", "meeting", "organisation", "member", "role", "headcount"),
            },
        ),
        (
            "Officials (private)",
            {
                "description": "Names and contacts of individual officials. They are kept "
                "for the secretariat and never shown outside this admin.",
                "fields": ("individual_names", "individual_contacts"),
            },
        ),
        ("Record", {"fields": meetings_admin.TIMESTAMPS}),
    )

    @admin.display(description="attendee")
    def attendee(self, participant):
        return participant.attendee


@admin.register(Presentation)
class PresentationAdmin(EventAttachmentAdmin):
    list_display = ("__str__", "kind", "organisation", "event", "order")
    list_filter = ("kind", *EventAttachmentAdmin.list_filter)
    search_fields = ("title", "summary", "organisation__name")
    autocomplete_fields = ("forum", "meeting", "organisation")
    fieldsets = (
        (
            None,
            {
                "description": "Choose one event: a forum or a meeting.",
                "fields": ("forum", "meeting", "order", "kind", "organisation", "title"),
            },
        ),
        ("Content", {"fields": ("summary", "slides")}),
        ("Record", {"fields": meetings_admin.TIMESTAMPS}),
    )
