"""The deletions resource: what was deleted and when, so that partners' mirrors drop it too."""

import django_filters
from rest_framework import serializers

from config.rest import ApiViewSet
from meetings.filters import IdFilter, MultipleChoiceFilter, StableOrderingFilter, TimestampFilter
from sync.models import Deletion

# The API resource of each synced model, as partners know them.
RESOURCES = {
    "meetings.member": "members",
    "meetings.organisation": "organisations",
    "meetings.workinggroup": "working-groups",
    "meetings.meeting": "meetings",
    "workplan.workplan": "workplans",
    "workplan.priority": "priorities",
    "workplan.priorityupdate": "priority-updates",
    "forums.forum": "forums",
    "forums.participant": "participants",
    "forums.presentation": "presentations",
}


class DeletionFilter(django_filters.FilterSet):
    since = TimestampFilter(
        field_name="deleted_at",
        lookup_expr="gte",
        label="Deleted at or after this time (ISO 8601; UTC when no offset is given).",
    )
    resource = MultipleChoiceFilter(
        method="filter_resource",
        choices=[(name, name) for name in RESOURCES.values()],
        label="Resource (one or several), e.g. priorities.",
    )
    object_id = IdFilter(field_name="object_id", label="Id of the deleted record.")
    ordering = StableOrderingFilter(fields=("deleted_at",))

    class Meta:
        model = Deletion
        fields = []

    def filter_resource(self, queryset, name, value):
        models = [model for model, resource in RESOURCES.items() if resource in value]
        return queryset.filter(model__in=models)


class DeletionSerializer(serializers.ModelSerializer):
    resource = serializers.SerializerMethodField()

    class Meta:
        model = Deletion
        fields = ["id", "resource", "object_id", "deleted_at"]

    def get_resource(self, deletion) -> str:
        return RESOURCES[deletion.model]


class DeletionViewSet(ApiViewSet):
    """Records deleted from the API's resources: drop them from a mirror."""

    queryset = Deletion.objects.filter(model__in=RESOURCES)
    serializer_class = DeletionSerializer
    filterset_class = DeletionFilter
