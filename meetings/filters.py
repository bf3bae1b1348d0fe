"""Filters for members, organisations, working groups and meetings, and what meeting and
forum lists share."""

import django_filters

from meetings.models import AttendanceMode, EventKind, Meeting, Member, Organisation, WorkingGroup
from restapi.filters import (
    IdFilter,
    MultipleChoiceFilter,
    SearchFilterSet,
    StableOrderingFilter,
    YearFilter,
)


class MemberFilter(SearchFilterSet):
    search_fields = ("name", "abbreviation")

    kind = MultipleChoiceFilter(choices=Member.Kind.choices, label="Kind (one or several).")
    ordering = StableOrderingFilter(fields=("name", "kind", "updated_at"))

    class Meta:
        model = Member
        fields = []


class OrganisationFilter(SearchFilterSet):
    search_fields = ("name", "abbreviation", "description")

    kind = MultipleChoiceFilter(choices=Organisation.Kind.choices, label="Kind (one or several).")
    member = IdFilter(field_name="member_id", label="Id of the member it belongs to.")
    ordering = StableOrderingFilter(fields=("name", "kind", "updated_at"))

    class Meta:
        model = Organisation
        fields = []


class WorkingGroupFilter(SearchFilterSet):
    search_fields = ("name", "short_name", "description")

    ordering = StableOrderingFilter(fields=("name", "first_met_on", "updated_at"))

    class Meta:
        model = WorkingGroup
        fields = []


class EventFilterSet(SearchFilterSet):
    """What meeting and forum lists share: year, date range, working group, country."""

    search_fields = ("title", "city", "country")

    year = YearFilter(method="filter_year", label="Held (at least partly) in this year.")
    date_from = django_filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label="Ends on or after this date (YYYY-MM-DD)."
    )
    date_to = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        label="Starts on or before this date (YYYY-MM-DD).",
    )
    working_group = IdFilter(field_name="working_group_id", label="Id of the working group.")
    kind = MultipleChoiceFilter(choices=EventKind.choices, label="Kind (one or several).")
    attendance_mode = MultipleChoiceFilter(
        choices=AttendanceMode.choices, label="Format (one or several)."
    )
    country = django_filters.CharFilter(
        field_name="country", lookup_expr="iexact", label="Country (exact name, any case)."
    )
    ordering = StableOrderingFilter(
        fields=("start_date", "end_date", "title", "country", "updated_at")
    )

    def filter_year(self, queryset, name, value):
        return queryset.held_in_year(value)


class MeetingFilter(EventFilterSet):
    search_fields = ("title", "city", "country", "summary")

    class Meta:
        model = Meeting
        fields = []
