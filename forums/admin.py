from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.forms import Textarea

from forums.models import Forum, Participant, Presentation
from meetings import admin as meetings_admin
from meetings.admin import sources_inline
from meetings.models import Meeting

SHORT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 30})}}


class PresentationInline(admin.TabularInline):
    model = Presentation
    fields = ("order", "kind", "organisations", "members", "presenter_role", "title", "slides")
    autocomplete_fields = ("organisations", "members")
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

    def get_inlines(self, request, obj):
        return (PresentationInline, ParticipantInline, *self.inlines)

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
    autocomplete_fields = (*meetings_admin.HOSTS, "meeting", "working_group")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "kind_as_stated",
                    "working_group",
                    "title",
                    "slug",
                    "meeting",
                )
            },
        ),
        *meetings_admin.EVENT_FIELDSETS,
        ("Focus", {"fields": ("focus",)}),
        ("Record", {"fields": meetings_admin.TIMESTAMPS}),
    )
    inlines = (sources_inline(Forum.sources.through),)


# Meetings know nothing of forums (dependencies point one way), so the meeting's
# page gains its presentations and participants here.
admin.site.unregister(Meeting)


@admin.register(Meeting)
class MeetingAdmin(EventRecordsMixin, meetings_admin.MeetingAdmin):
    list_display = ("title", "working_group", "dates", "place", "presentations", "participants")


class EventAttachmentAdmin(meetings_admin.TrackerAdmin):
    list_select_related = ("forum", "meeting")
    list_filter = ("forum", "meeting")
    readonly_fields = meetings_admin.TIMESTAMPS

    @admin.display(description="forum or meeting")
    def event(self, attachment):
        return attachment.event


@admin.register(Participant)
class ParticipantAdmin(EventAttachmentAdmin):
    list_display = ("attendee", "role", "event", "headcount")
    list_select_related = (*EventAttachmentAdmin.list_select_related, "organisation", "member")
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
    list_display = ("__str__", "kind", "presented_by", "event", "order")
    list_filter = ("kind", *EventAttachmentAdmin.list_filter)
    search_fields = ("title", "summary", "presenter_role", "organisations__name", "members__name")
    autocomplete_fields = ("forum", "meeting", "organisations", "members")
    fieldsets = (
        (
            None,
            {
                "description": (
                    "Choose one event: a forum or a meeting. Presenters: any number of agencies "
                    "and members, and a public role where the source names one (never a "
                    "person's name)."
                ),
                "fields": (
                    "forum",
                    "meeting",
                    "order",
                    "kind",
                    "organisations",
                    "members",
                    "presenter_role",
                    "title",
                ),
            },
        ),
        ("Content", {"fields": ("summary", "slides")}),
        ("Record", {"fields": meetings_admin.TIMESTAMPS}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("organisations", "members")

    @admin.display(description="presented by")
    def presented_by(self, presentation):
        return presentation.presented_by
