"""Filters for work plans, priorities and their updates, shared by the API and the HTML pages."""

import django_filters
from django.db.models import Q

from restapi.filters import (
    IdFilter,
    MultipleChoiceFilter,
    PercentFilter,
    SearchFilterSet,
    SlugFilter,
    StableOrderingFilter,
    TimestampFilter,
)
from workplan.models import PlanState, Priority, PriorityUpdate, Status, WorkPlan


class WorkPlanFilter(SearchFilterSet):
    search_fields = ("title", "summary")

    working_group = IdFilter(field_name="working_group_id", label="Id of the working group.")
    state = django_filters.ChoiceFilter(
        choices=PlanState.choices, method="filter_state", label="State today."
    )
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


class PriorityFilter(SearchFilterSet):
    """Priorities by status (one or several), plan, working group, lead, progress and change."""

    search_fields = ("title", "description")

    status = MultipleChoiceFilter(
        choices=Status.choices,
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
    progress_min = PercentFilter(
        field_name="progress", lookup_expr="gte", label="Progress at least."
    )
    progress_max = PercentFilter(
        field_name="progress", lookup_expr="lte", label="Progress at most."
    )
    ordering = StableOrderingFilter(
        fields=("order", "title", "status", "progress", "target_date", "updated_at")
    )

    class Meta:
        model = Priority
        fields = []

    def filter_lead(self, queryset, name, value):
        return queryset.filter(
            Q(lead_organisation__slug=value)
            | Q(lead_member__slug=value)
            | Q(lead_organisation__member__slug=value)
        )


class PriorityUpdateFilter(SearchFilterSet):
    search_fields = ("note",)

    priority = IdFilter(field_name="priority_id", label="Id of the priority.")
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
