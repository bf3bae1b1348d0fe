from django.contrib import admin
from django.core.exceptions import PermissionDenied

from meetings.models import Meeting, Member, Organisation, Process, Source, WorkingGroup

TIMESTAMPS = ("created_at", "updated_at")


def sources_inline(through, description="sources"):
    """The sources a record cites, edited inside the record: pick a source, or add one."""
    return type(
        f"{through.__name__}Inline",
        (admin.TabularInline,),
        {
            "model": through,
            "autocomplete_fields": ("source",),
            "extra": 0,
            "verbose_name": "source",
            "verbose_name_plural": description,
        },
    )


class TrackerAdmin(admin.ModelAdmin):
    """A reader's POST to a list (a bulk action, a list edit) is refused, not ignored."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)


@admin.register(Process)
class ProcessAdmin(TrackerAdmin):
    list_display = ("name", "short_name", "established_year", "updated_at")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("co_chairs",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = TIMESTAMPS
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "established_year", "co_chairs")}),
        ("About", {"fields": ("description",)}),
        (
            "Membership as reported",
            {
                "description": "Copy the totals the source gives; leave empty what it does not.",
                "fields": (
                    "member_states_reported",
                    "member_organisations_reported",
                    "observer_states_reported",
                    "observer_organisations_reported",
                ),
            },
        ),
        ("Record", {"fields": TIMESTAMPS}),
    )


@admin.register(Member)
class MemberAdmin(TrackerAdmin):
    list_display = ("name", "abbreviation", "kind", "updated_at")
    list_filter = ("kind",)
    search_fields = ("name", "abbreviation")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = TIMESTAMPS
    fields = ("name", "abbreviation", "slug", "kind", *TIMESTAMPS)


@admin.register(Organisation)
class OrganisationAdmin(TrackerAdmin):
    list_display = ("name", "abbreviation", "kind", "member", "updated_at")
    list_filter = ("kind", "member__kind")
    list_select_related = ("member",)
    search_fields = ("name", "abbreviation", "member__name")
    autocomplete_fields = ("member",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = TIMESTAMPS
    fields = ("name", "abbreviation", "slug", "kind", "member", "description", *TIMESTAMPS)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(TrackerAdmin):
    list_display = ("name", "short_name", "process", "first_met_on", "updated_at")
    list_filter = ("process",)
    list_select_related = ("process",)
    search_fields = ("name", "short_name")
    autocomplete_fields = ("co_chairs",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = TIMESTAMPS
    fields = (
        "process",
        "name",
        "short_name",
        "slug",
        "co_chairs",
        "first_met_on",
        "description",
        *TIMESTAMPS,
    )


@admin.register(Source)
class SourceAdmin(TrackerAdmin):
    list_display = ("title", "publisher", "url", "accessed")
    search_fields = ("title", "publisher", "url")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = TIMESTAMPS
    fields = ("title", "slug", "url", "publisher", "accessed", *TIMESTAMPS)


HOSTS = ("co_chair_members", "co_chairs", "co_host_members", "co_hosts")

EVENT_FIELDSETS = (
    (
        "When, where and how",
        {
            "description": (
                "Record the format only when the source says how the event was held; an online "
                "event has no place, a hybrid one keeps its place."
            ),
            "fields": ("start_date", "end_date", "attendance_mode", "city", "country"),
        },
    ),
    (
        "Co-chairs and co-hosts",
        {
            "description": (
                "Governments (members) or agencies (organisations), as the source names them."
            ),
            "fields": HOSTS,
        },
    ),
    (
        "Participation as reported",
        {
            "description": (
                "Copy the figures the source gives, and its own sentence. Leave empty what it "
                "does not give; never work a figure out from the others, never split a combined "
                "figure."
            ),
            "fields": (
                "participants_total",
                "countries",
                "organisations",
                "countries_and_organisations",
                "participation_as_stated",
            ),
        },
    ),
)


class EventAdmin(TrackerAdmin):
    """What the meeting and forum pages share: dates first, newest on top, by year."""

    date_hierarchy = "start_date"
    list_filter = ("working_group", "kind", "attendance_mode", "country")
    list_select_related = ("working_group",)
    search_fields = ("title", "kind_as_stated", "city", "country")
    autocomplete_fields = HOSTS
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = TIMESTAMPS

    @admin.display(description="dates", ordering="start_date")
    def dates(self, event):
        return event.dates_display

    @admin.display(description="place")
    def place(self, event):
        return event.place


@admin.register(Meeting)
class MeetingAdmin(EventAdmin):
    list_display = ("title", "working_group", "dates", "place", "updated_at")
    search_fields = (*EventAdmin.search_fields, "summary")
    fieldsets = (
        (None, {"fields": ("working_group", "title", "slug", "kind", "kind_as_stated")}),
        *EVENT_FIELDSETS,
        ("Record of the meeting", {"fields": ("summary", "image")}),
        ("Record", {"fields": TIMESTAMPS}),
    )
    inlines = (sources_inline(Meeting.sources.through),)
