"""Filters for work plans, priorities and their updates, and the points in time they are
read at, shared by the API and the HTML pages."""

import dataclasses
import datetime
import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from meetings.models import Meeting
from restapi.filters import (
    DescribedFilter,
    IdFilter,
    MultipleChoiceFilter,
    PercentFilter,
    SearchFilterSet,
    SlugFilter,
    StableOrderingFilter,
    TimestampFilter,
    YearFilter,
)
from workplan.models import ActionItem, PlanState, Priority, PriorityUpdate, Status, WorkPlan

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclasses.dataclass(frozen=True)
class Moment:
    """A point at which a plan is read: the end of a day, or of a meeting's last day."""

    day: datetime.date
    meeting: Meeting | None = None

    def __str__(self):
        if self.meeting is not None:
            return f"{self.meeting.title} ({self.meeting.dates_display})"
        return f"{self.day.day} {self.day:%B %Y}"


class PastDateField(forms.DateField):
    """A date written YYYY-MM-DD, today or earlier."""

    default_error_messages = {
        "invalid": "Enter a date as YYYY-MM-DD.",
        "future": "The date cannot be in the future.",
    }

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            if not ISO_DATE.match(value):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(self.error_messages["future"], code="future")


class UnknownMeeting(str):
    """A well-formed slug that names no meeting: the API filters everything out, as for an
    id that does not exist; the pages say so."""


class MeetingField(forms.SlugField):
    """A meeting's slug: the meeting, which must have ended."""

    unknown_is_error = True

    def clean(self, value):
        slug = super().clean(value)
        if not slug:
            return None
        meeting = Meeting.objects.filter(slug=slug).first()
        if meeting is None:
            if not self.unknown_is_error:
                return UnknownMeeting(slug)
            raise forms.ValidationError(f"No meeting has the slug {slug!r}.", code="unknown")
        if meeting.end_date > timezone.localdate():
            raise forms.ValidationError("The meeting has not ended yet.", code="future")
        return meeting


class MomentField(forms.CharField):
    """A date (YYYY-MM-DD) or a meeting's slug, meaning the meeting's last day."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if value[:1].isdigit() and re.match(r"^\d{4}-", value):
            return Moment(PastDateField().clean(value))
        try:
            meeting = MeetingField().clean(value)
        except forms.ValidationError as error:
            if getattr(error, "code", None) in ("unknown", "future"):
                raise
            raise forms.ValidationError(
                "Enter a date as YYYY-MM-DD, or a meeting's slug.", code="invalid"
            ) from None
        return Moment(meeting.end_date, meeting)


class AsOfForm(forms.Form):
    """The two ways of naming the day a plan is read at: not both."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("as_of") and cleaned_data.get("at_meeting"):
            self.add_error("at_meeting", "Give as_of or at_meeting, not both.")
        return cleaned_data

    def moment(self):
        """The Moment asked for, or None for today: another parameter's error (a status
        misspelt) leaves the day as asked."""
        self.is_valid()
        if "as_of" in self.errors or "at_meeting" in self.errors:
            return None
        meeting = self.cleaned_data.get("at_meeting")
        if isinstance(meeting, UnknownMeeting):
            return None
        if meeting is not None:
            return Moment(meeting.end_date, meeting)
        day = self.cleaned_data.get("as_of")
        return Moment(day) if day else None


class AsOfFilter(DescribedFilter, django_filters.Filter):
    """Priorities as they stood at the end of a day: their status and progress then, those
    not yet adopted left out."""

    schema = {"type": "string", "format": "date"}
    field_class = PastDateField

    def filter(self, qs, value):
        return qs if value is None else qs.as_of(value)


class LenientMeetingField(MeetingField):
    unknown_is_error = False


class AtMeetingFilter(DescribedFilter, django_filters.Filter):
    schema = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
    field_class = LenientMeetingField

    def filter(self, qs, value):
        if value is None:
            return qs
        if isinstance(value, UnknownMeeting):
            return qs.none()
        return qs.as_of(value.end_date)


class ChangesForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = MomentField(
            required=False,
            help_text="The start: a date (YYYY-MM-DD) or a meeting's slug; by default the "
            "working group's last meeting.",
        )
        self.fields["to"] = MomentField(
            required=False, help_text="The end: a date or a meeting's slug; today by default."
        )

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("from"), cleaned_data.get("to")
        if start and end and start.day > end.day:
            self.add_error("from", "The start cannot be after the end.")
        return cleaned_data

    def moments(self, plan):
        """(from, to) for the plan: the defaults filled in."""
        end = self.cleaned_data.get("to") or Moment(timezone.localdate())
        start = self.cleaned_data.get("from")
        if start is None:
            meeting = (
                Meeting.objects.filter(working_group_id=plan.working_group_id, end_date__lt=end.day)
                .latest_first()
                .first()
            )
            start = Moment(meeting.end_date, meeting) if meeting else Moment(plan.adopted_on)
            if start.day > end.day:
                start = Moment(end.day)
        return start, end


class WorkPlanFilter(SearchFilterSet):
    search_fields = ("title", "summary")

    working_group = IdFilter(field_name="working_group_id", label="Id of the working group.")
    state = django_filters.ChoiceFilter(
        choices=PlanState.choices, method="filter_state", label="State today."
    )
    year = YearFilter(method="filter_year", label="Its period covers (part of) this year.")
    ordering = StableOrderingFilter(
        fields=(
            ("start_date", "start_date"),
            ("end_date", "end_date"),
            ("start_date", "start_year"),
            ("end_date", "end_year"),
            ("title", "title"),
            ("updated_at", "updated_at"),
        )
    )

    class Meta:
        model = WorkPlan
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_date__year__lte=value, end_date__year__gte=value)


class PriorityFilter(SearchFilterSet):
    """Priorities by status (one or several), plan, working group, lead, progress and change."""

    search_fields = ("title", "description")

    as_of = AsOfFilter(
        label=(
            "A day (YYYY-MM-DD), today or earlier: each priority's status and progress at the "
            "end of that day; priorities not yet adopted then are left out. The other "
            "filters apply to the state of that day."
        )
    )
    at_meeting = AtMeetingFilter(label="A meeting's slug: as `as_of`, for the meeting's last day.")
    status = MultipleChoiceFilter(
        choices=Status.choices,
        method="filter_status",
        label="Status: one or several (repeat the parameter, or separate with commas).",
    )
    workplan = IdFilter(field_name="workplan_id", label="Id of the work plan.")
    working_group = IdFilter(
        field_name="workplan__working_group_id", label="Id of the working group whose plan it is."
    )
    lead = SlugFilter(
        method="filter_lead",
        label=(
            "Slug of the lead: an organisation, or a member (which also matches the member's "
            "own agencies)."
        ),
    )
    lead_organisation = IdFilter(
        field_name="lead_organisation_id", label="Id of the lead organisation."
    )
    lead_member = IdFilter(field_name="lead_member_id", label="Id of the lead member.")
    progress_min = PercentFilter(method="filter_progress_min", label="Progress at least.")
    progress_max = PercentFilter(method="filter_progress_max", label="Progress at most.")
    ordering = StableOrderingFilter(
        fields=("order", "title", "status", "progress", "target_date", "updated_at")
    )

    class Meta:
        model = Priority
        fields = []
        form = AsOfForm

    def moment(self):
        """The day the priorities are read at (a Moment), or None for today."""
        return self.form.moment() if self.is_bound else None

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        status, _ = queryset.state_fields()
        return queryset.filter(**{f"{status}__in": value})

    def filter_progress_min(self, queryset, name, value):
        _, progress = queryset.state_fields()
        return queryset.filter(**{f"{progress}__gte": value})

    def filter_progress_max(self, queryset, name, value):
        _, progress = queryset.state_fields()
        return queryset.filter(**{f"{progress}__lte": value})

    def filter_lead(self, queryset, name, value):
        """Priorities the member or organisation leads itself (a member through one of its
        organisations too), or through any of its action items: each priority once."""
        items = ActionItem.objects.led_by(value).order_by().values("priority_id")
        return queryset.filter(
            Q(lead_organisation__slug=value)
            | Q(lead_member__slug=value)
            | Q(lead_organisation__member__slug=value)
            | Q(pk__in=items)
        )


class ActionItemFilter(SearchFilterSet):
    """Action items by priority, plan, lead, status and change."""

    search_fields = ("title",)

    priority = IdFilter(field_name="priority_id", label="Id of the priority.")
    workplan = IdFilter(field_name="priority__workplan_id", label="Id of the work plan.")
    lead = SlugFilter(
        method="filter_lead",
        label=(
            "Slug of a lead: an organisation, or a member (which also matches the member's "
            "own agencies)."
        ),
    )
    status = MultipleChoiceFilter(
        choices=Status.choices,
        field_name="status",
        distinct=False,
        label="Status: one or several (repeat the parameter, or separate with commas).",
    )
    ordering = StableOrderingFilter(
        fields=("order", "title", "status", "progress", "target_date", "updated_at")
    )

    class Meta:
        model = ActionItem
        fields = []

    def filter_lead(self, queryset, name, value):
        return queryset.filter(pk__in=ActionItem.objects.led_by(value).order_by().values("pk"))


class PriorityUpdateFilter(SearchFilterSet):
    search_fields = ("note",)

    priority = IdFilter(field_name="priority_id", label="Id of the priority.")
    action_item = IdFilter(
        field_name="action_item_id", label="Id of the action item the entries are about."
    )
    recorded_since = TimestampFilter(
        field_name="recorded_at", lookup_expr="gte", label="Recorded at or after this time."
    )
    recorded_before = TimestampFilter(
        field_name="recorded_at", lookup_expr="lt", label="Recorded before this time."
    )
    as_of_from = django_filters.DateFilter(
        field_name="as_of", lookup_expr="gte", label="As of this date or later (YYYY-MM-DD)."
    )
    as_of_to = django_filters.DateFilter(
        field_name="as_of", lookup_expr="lte", label="As of this date or earlier (YYYY-MM-DD)."
    )
    meeting = IdFilter(field_name="meeting_id", label="Id of the meeting it was reported at.")
    ordering = StableOrderingFilter(fields=("as_of", "recorded_at", "updated_at"))

    class Meta:
        model = PriorityUpdate
        fields = []
