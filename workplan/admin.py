from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.db import router, transaction
from django.db.models import OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from meetings.admin import TIMESTAMPS, TrackerAdmin, sources_inline
from meetings.models import Meeting, Source
from workplan.models import (
    ActionItem,
    Priority,
    PriorityUpdate,
    Status,
    WorkPlan,
    state_display,
)
from workplan.services import record_action_item_update, record_priority_update

admin.site.site_header = "Work Plan Tracker — Secretariat"
admin.site.site_title = "Work Plan Tracker"
admin.site.index_title = "Keep the work plan current"

STATE_FIELDS = ("status", "progress")
# What the officer adds to the history entry beside the state: not fields of the priority.
ENTRY_FIELDS = ("note", "as_of", "reported_at", "sources")


class LongTitleMixin:
    """Titles of up to 400 characters are edited in a text area, not a one-line box."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].widget = forms.Textarea(attrs={"rows": 3, "cols": 60})


class PriorityStateForm(forms.ModelForm):
    """Status and progress as the officer saw them, and what the officer changed.

    The form never writes them itself: the admin hands the change to
    ``record_priority_update`` so that it leaves its history row. Each field carries the
    value the page was loaded with, so an officer whose page went stale while a colleague
    changed the priority is told, instead of overwriting the colleague's change.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in STATE_FIELDS:
            if name in self.fields:
                self.fields[name].show_hidden_initial = True

    def entry_details(self):
        """What the history entry gets beside the state: nothing more from a list edit."""
        return {}

    def state_changes(self):
        """{field: new value} for the status and progress the officer changed."""
        return {name: self.cleaned_data[name] for name in STATE_FIELDS if name in self.changed_data}

    def clean(self):
        cleaned_data = super().clean()
        changed = [name for name in STATE_FIELDS if name in self.changed_data]
        if self.instance.pk is None or not changed:
            return cleaned_data
        # Inside the admin's transaction the lock holds until the change is recorded.
        model = type(self.instance)
        with transaction.atomic(using=router.db_for_write(model)):
            current = model.objects.select_for_update().get(pk=self.instance.pk)
        loaded = {name: self.data.get(self.add_initial_prefix(name)) for name in STATE_FIELDS}
        now = {name: as_form_value(getattr(current, name)) for name in STATE_FIELDS}
        if loaded != now:
            self.add_error(
                changed[0],
                f"While you were editing, someone else changed this {model._meta.verbose_name} to "
                f"“{state_display(current.status, current.progress)}”. Your change was not "
                "saved: check the latest values (and the timeline), then save again.",
            )
            # The page shown again carries the values as they are now.
            self.data = self.data.copy()
            for name in STATE_FIELDS:
                self.data[self.add_initial_prefix(name)] = now[name]
        return cleaned_data


def as_form_value(value):
    return "" if value is None else str(value)


class PriorityForm(LongTitleMixin, PriorityStateForm):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=(
            "Why the status or progress changed, in a sentence or two. It is saved with the "
            "change in the timeline below. A note on its own adds an entry too."
        ),
    )
    as_of = forms.DateField(
        label="As of",
        required=False,
        widget=AdminDateWidget,
        help_text=(
            "The day this state held, e.g. the day it was reported at a meeting. Empty means "
            "today. A back-dated entry takes its place in the timeline and never overwrites a "
            "newer state."
        ),
    )
    reported_at = forms.ModelChoiceField(
        Meeting.objects.latest_first(),
        label="Reported at",
        required=False,
        help_text="The meeting at which this progress was reported, if any.",
    )
    sources = forms.ModelMultipleChoiceField(
        Source.objects.all(),
        required=False,
        help_text="Where the reported state is written down.",
    )

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        plan = self.plan()
        if as_of and plan is not None and as_of < plan.adopted_on:
            raise forms.ValidationError(
                f"The date cannot be before the plan was adopted, on {plan.adopted_on:%-d %B %Y}."
            )
        return as_of

    def plan(self):
        plan = self.cleaned_data.get("workplan")
        if plan is None and self.instance.workplan_id:
            plan = self.instance.workplan
        return plan

    def state_changes(self):
        """A back-dated entry records the state as the officer entered it, status and
        progress both: what is on the form describes that day, not today."""
        if self.cleaned_data.get("as_of"):
            return {name: self.cleaned_data[name] for name in STATE_FIELDS}
        return super().state_changes()

    def entry_details(self):
        """The note, date, meeting and sources of the history entry the change leaves."""
        return {
            "note": self.cleaned_data.get("note", ""),
            "as_of": self.cleaned_data.get("as_of"),
            "meeting": self.cleaned_data.get("reported_at"),
            "sources": self.cleaned_data.get("sources") or (),
        }


class ActionItemForm(PriorityForm):
    """An action item's change form: as a priority's, its plan being its priority's."""

    def plan(self):
        priority = self.cleaned_data.get("priority")
        if priority is None and self.instance.priority_id:
            priority = self.instance.priority
        return priority.workplan if priority is not None else None


class ActionItemInlineForm(LongTitleMixin, forms.ModelForm):
    pass


class ActionItemFormSet(BaseInlineFormSet):
    """The items' rows of a priority's form. A form posted without them (a script that
    knows only the priority's fields) leaves the items as they are."""

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        key = f"{prefix or self.get_default_prefix()}-TOTAL_FORMS"
        if data is not None and key not in data:
            data = data.copy()
            data[key] = data[key.replace("TOTAL", "INITIAL")] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class ActionItemInline(admin.TabularInline):
    """The items under a priority; their status and progress change on each item's page or
    in the action items' list, where each change leaves its entry."""

    model = ActionItem
    form = ActionItemInlineForm
    formset = ActionItemFormSet
    fields = ("order", "title", "lead_members", "lead_organisations", "target_date", *STATE_FIELDS)
    readonly_fields = STATE_FIELDS
    autocomplete_fields = ("lead_members", "lead_organisations")
    show_change_link = True
    extra = 0


class PriorityInline(admin.TabularInline):
    """Priorities in their plan; status and progress change on each priority's own page."""

    model = Priority
    fields = (
        "order",
        "title",
        "slug",
        "lead_organisation",
        "lead_member",
        "continues",
        "status",
        "progress",
    )
    readonly_fields = STATE_FIELDS
    autocomplete_fields = ("lead_organisation", "lead_member", "continues")
    prepopulated_fields = {"slug": ("title",)}
    show_change_link = True
    extra = 0


class WorkPlanForm(forms.ModelForm):
    supersedes = forms.ModelMultipleChoiceField(
        WorkPlan.objects.select_related("working_group").latest_first(),
        required=False,
        label="Supersedes",
        help_text=(
            "Earlier plans of the same working group that this plan replaces before their "
            "period ended: they stop being in force the day before this plan starts."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["supersedes"].initial = list(self.instance.supersedes.all())
            self.fields["supersedes"].queryset = self.fields["supersedes"].queryset.exclude(
                pk=self.instance.pk
            )

    def clean(self):
        cleaned_data = super().clean()
        # Before the model's validation runs, so that the replaced plans do not count as
        # in force on the same days as this one.
        self.instance.replaces = cleaned_data.get("supersedes") or ()
        return cleaned_data


@admin.register(WorkPlan)
class WorkPlanAdmin(TrackerAdmin):
    form = WorkPlanForm
    list_display = (
        "title",
        "working_group",
        "period",
        "adopted_at",
        "priorities",
        "state",
        "overall_progress",
    )
    list_filter = ("working_group",)
    date_hierarchy = "start_date"
    search_fields = ("title", "summary")
    autocomplete_fields = ("adopted_at", "superseded_by", "reviewed_at")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = TIMESTAMPS
    fields = (
        "working_group",
        "title",
        "slug",
        "start_date",
        "end_date",
        "adopted_at",
        "supersedes",
        "superseded_by",
        "reviewed_at",
        "summary",
        *TIMESTAMPS,
    )
    inlines = (PriorityInline, sources_inline(WorkPlan.sources.through))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        chosen = set(form.cleaned_data.get("supersedes") or ())
        for plan in chosen | set(obj.supersedes.all()):
            successor = obj if plan in chosen else None
            if plan.superseded_by_id != (successor and successor.pk):
                plan.superseded_by = successor
                plan.save(update_fields=["superseded_by", "updated_at"])

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    @admin.display(description="period", ordering="start_date")
    def period(self, plan):
        return plan.period

    @admin.display(description="supersedes")
    def supersedes(self, plan):
        """What a reader (who has no form) sees in place of the Supersedes field."""
        return ", ".join(str(earlier) for earlier in plan.supersedes.all()) or "—"

    @admin.display(description="state")
    def state(self, plan):
        return plan.state.label

    @admin.display(description="priorities", ordering="priority_count")
    def priorities(self, plan):
        return plan.priority_count

    @admin.display(description="overall progress", ordering="overall_progress")
    def overall_progress(self, plan):
        if plan.overall_progress is None:
            return None
        return f"{round(plan.overall_progress)}%"


class StateAdmin(TrackerAdmin):
    """What the priorities' and action items' admins share: status and progress only
    through the service (change form, list edit, bulk actions), the stale-form check, the
    timeline and a changelist that fits a laptop screen."""

    list_editable = STATE_FIELDS
    actions = ("mark_in_progress", "mark_completed")
    list_per_page = 50

    class Media:
        css = {"all": ("css/admin-lists.css",)}

    def record(self, obj, **change):
        raise NotImplementedError

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # A reader has no entry to add.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in ENTRY_FIELDS]})
            for name, options in fieldsets
        ]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=PriorityStateForm, **kwargs)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        # List edits and bulk actions lock the rows they check, until all are recorded.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["timeline"] = obj.updates.timeline().select_related(
                "author", "meeting", "action_item"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        """Save what the form owns, then hand status and progress to the service."""
        if change:
            state = form.state_changes()
            # Only the columns the form changed; status and progress are the service's.
            columns = {field.name for field in obj._meta.concrete_fields} - set(STATE_FIELDS)
            own_fields = [name for name in form.changed_data if name in columns]
            if own_fields:
                obj.save(update_fields=[*own_fields, "updated_at"])
        else:
            state = {name: getattr(obj, name) for name in STATE_FIELDS}
            # A new record starts from the defaults, so its first state is a recorded change.
            for name in STATE_FIELDS:
                setattr(obj, name, obj._meta.get_field(name).get_default())
            obj.save()
        self.record(
            obj,
            author=request.user,
            first_entry=not change,
            **form.entry_details(),
            **state,
        )

    @admin.display(description="last update", ordering="last_update_at")
    def last_update_at(self, obj):
        return obj.last_update_at

    @admin.action(description="Mark as in progress", permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, Status.IN_PROGRESS)

    @admin.action(description="Mark as completed", permissions=["change"])
    def mark_completed(self, request, queryset):
        self._mark(request, queryset, Status.COMPLETED)

    def _mark(self, request, queryset, status):
        changed = 0
        for obj in queryset:
            if self.record(obj, status=status, author=request.user):
                self.log_change(request, obj, f"Marked as {status.label.lower()}.")
                changed += 1
        unchanged = len(queryset) - changed
        opts = self.model._meta
        name = opts.verbose_name if changed == 1 else opts.verbose_name_plural
        message = f"{changed} {name} marked as {status.label.lower()}."
        if unchanged:
            message += f" {unchanged} already {'was' if unchanged == 1 else 'were'}."
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Priority)
class PriorityAdmin(StateAdmin):
    form = PriorityForm
    list_display = (
        "order",
        "title",
        "plan",
        "lead",
        "status",
        "progress",
        "target_date",
        "last_update_at",
    )
    list_display_links = ("title",)
    list_filter = ("status", "workplan", "workplan__working_group")
    list_select_related = ("workplan", "lead_organisation", "lead_member")
    search_fields = ("title", "description", "lead_organisation__name", "lead_member__name")
    autocomplete_fields = (
        "lead_organisation",
        "lead_member",
        "continues",
        "related_forums",
        "related_working_groups",
    )
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = TIMESTAMPS
    fieldsets = (
        (None, {"fields": ("workplan", "order", "title", "slug", "description")}),
        (
            "Status and progress",
            {
                "description": (
                    "Every change of status or progress is kept in the timeline below, with "
                    "your name and the time. “Completed” with no new progress sets it to 100%."
                ),
                "fields": ("status", "progress", "note", "as_of", "reported_at", "sources"),
            },
        ),
        (
            "Lead and links",
            {
                "description": "One lead: an organisation, or a member when no agency leads.",
                "fields": (
                    "lead_organisation",
                    "lead_member",
                    "target_date",
                    "continues",
                    "related_forums",
                    "related_working_groups",
                ),
            },
        ),
        ("Record", {"fields": TIMESTAMPS}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_last_update()

    @admin.display(description="lead")
    def lead(self, priority):
        return priority.lead

    @admin.display(description="plan", ordering="workplan")
    def plan(self, priority):
        """The plan's period: short, so the columns of the state stay in view (the plan's
        title is in the filter and on the priority's page)."""
        return priority.workplan.period

    inlines = (ActionItemInline,)

    def record(self, obj, **change):
        return record_priority_update(priority=obj, **change)

    def save_formset(self, request, form, formset, change):
        """New action items start with their first entry, as new priorities do."""
        super().save_formset(request, form, formset, change)
        if formset.model is ActionItem:
            for item in formset.new_objects:
                record_action_item_update(action_item=item, author=request.user, first_entry=True)


@admin.register(ActionItem)
class ActionItemAdmin(StateAdmin):
    form = ActionItemForm
    list_display = (
        "order",
        "title",
        "in_priority",
        "leads",
        "status",
        "progress",
        "target_date",
        "last_update_at",
    )
    list_display_links = ("title",)
    list_filter = ("status", "priority__workplan", "priority")
    list_select_related = ("priority__workplan",)
    search_fields = (
        "title",
        "priority__title",
        "lead_members__name",
        "lead_organisations__name",
    )
    autocomplete_fields = ("priority", "lead_members", "lead_organisations")
    readonly_fields = TIMESTAMPS
    fieldsets = (
        (None, {"fields": ("priority", "order", "title")}),
        (
            "Status and progress",
            {
                "description": (
                    "Every change of status or progress is kept in the timeline below, with "
                    "your name and the time. “Completed” with no new progress sets it to 100%."
                ),
                "fields": ("status", "progress", "note", "as_of", "reported_at", "sources"),
            },
        ),
        (
            "Leads",
            {
                "description": "One or more leads: members, or their agencies.",
                "fields": ("lead_members", "lead_organisations", "target_date"),
            },
        ),
        ("Record", {"fields": TIMESTAMPS}),
    )

    def get_queryset(self, request):
        latest = PriorityUpdate.objects.filter(action_item=OuterRef("pk")).order_by(
            "-as_of", "-recorded_at", "-pk"
        )
        return (
            super()
            .get_queryset(request)
            .annotate(last_update_at=Subquery(latest.values("as_of")[:1]))
            .prefetch_related("lead_members", "lead_organisations")
        )

    def record(self, obj, **change):
        return record_action_item_update(action_item=obj, **change)

    @admin.display(description="priority", ordering="priority")
    def in_priority(self, item):
        """Short, so the columns of the state stay in view: the plan's period and the
        priority's number (its title is on the item's page)."""
        return f"{item.priority.workplan.period} · priority {item.priority.order}"

    @admin.display(description="leads")
    def leads(self, item):
        return "; ".join(str(lead) for lead in item.leads)


@admin.register(PriorityUpdate)
class PriorityUpdateAdmin(TrackerAdmin):
    """The history is read, never edited: entries come only from the service."""

    list_display = ("as_of", "recorded_at", "priority", "change", "meeting", "author", "note")
    list_filter = ("new_status", "priority__workplan")
    list_select_related = ("priority", "author", "meeting")
    search_fields = ("priority__title", "note")
    date_hierarchy = "as_of"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="change")
    def change(self, update):
        return update.change_display
