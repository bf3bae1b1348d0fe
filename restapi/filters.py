"""The strict filter types every resource's FilterSet builds on.

Every filter validates its value: a malformed value invalidates the form, which the API
answers with a 400 naming the parameter. A well-formed value that matches nothing
(an id that does not exist) simply filters everything out.
"""

import datetime

import django_filters
from django import forms
from drf_spectacular.drainage import set_override

from restapi.search import search

# The largest value a database id column holds: bigger numbers would overflow the query.
MAX_ID = 2**63 - 1


class DescribedFilter:
    """A filter whose OpenAPI schema is `schema`, described by its label."""

    schema = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_override(self, "field", {**self.schema, "description": str(self.label)})


class WholeNumberFilter(DescribedFilter, django_filters.NumberFilter):
    """A whole number within [minimum, maximum]: anything else is a 400 naming the parameter."""

    minimum, maximum = 0, MAX_ID
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        self.schema = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        kwargs.setdefault("min_value", self.minimum)
        kwargs.setdefault("max_value", self.maximum)
        super().__init__(*args, **kwargs)


class IdFilter(WholeNumberFilter):
    """A record id: a whole number; an id that does not exist matches nothing."""

    minimum = 1


class YearFilter(WholeNumberFilter):
    minimum, maximum = 1, 9999


class PercentFilter(WholeNumberFilter):
    minimum, maximum = 0, 100


class SlugFilter(DescribedFilter, django_filters.CharFilter):
    schema = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
    field_class = forms.SlugField


class TimestampField(forms.Field):
    """An ISO 8601 date or date-time; one without an offset is read as UTC."""

    default_error_messages = {
        "invalid": "Enter an ISO 8601 date-time, e.g. 2024-05-01T09:30:00Z, or a date.",
    }

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            parsed = datetime.datetime.fromisoformat(value.upper())
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=datetime.UTC)
            # The database compares in UTC: a time that cannot be expressed there is invalid.
            return parsed.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class TimestampFilter(DescribedFilter, django_filters.Filter):
    schema = {"type": "string", "format": "date-time"}
    field_class = TimestampField


def updated_since_filter():
    return TimestampFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Records changed at or after this time (ISO 8601; UTC when no offset is given).",
    )


class MultipleChoiceCSVField(forms.MultipleChoiceField):
    """Several choices, as repeated parameters (?status=a&status=b) or comma-separated."""

    def to_python(self, value):
        values = super().to_python(value)
        return [part.strip() for item in values for part in item.split(",") if part.strip()]


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = MultipleChoiceCSVField


class StableOrderingFilter(django_filters.OrderingFilter):
    """`ordering`: one or several fields, comma-separated, `-` for descending; ties by id."""

    def filter(self, qs, value):
        fields = [self.get_ordering_value(param) for param in value or () if param]
        return qs.order_by(*fields, "pk") if fields else qs


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with `search`: a text looked for in `search_fields` (`restapi.search`)."""

    search_fields = ()

    search = django_filters.CharFilter(
        method="filter_search",
        label=(
            "Text to look for, in any case: records in which each of its words starts a word "
            "(PostgreSQL: the best matches first, or the newest first when more than 1,000 "
            "match, unless `ordering` is given)."
        ),
    )
    updated_since = updated_since_filter()

    def filter_queryset(self, queryset):
        """The filters as django-filter applies them, but `search` after the others and before
        `ordering`: whether few enough records match to be ranked is counted among those the
        list shows."""
        cleaned = self.form.cleaned_data
        place = {"search": 1, "ordering": 2}
        for name in sorted(cleaned, key=lambda name: place.get(name, 0)):
            queryset = self.filters[name].filter(queryset, cleaned[name])
        return queryset

    def filter_search(self, queryset, name, value):
        return search(queryset, self.search_fields, value)
