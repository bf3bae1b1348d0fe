"""The deletions resource: what was deleted and when, so that partners' mirrors drop it too."""

import functools

import django_filters
from django.utils.choices import BaseChoiceIterator
from rest_framework import serializers

from restapi.filters import IdFilter, MultipleChoiceFilter, StableOrderingFilter, TimestampFilter
from restapi.registry import resources
from restapi.viewsets import ApiViewSet
from sync.apps import SYNCED_APPS
from sync.models import Deletion


@functools.cache
def resource_of_model():
    """The API resource of each synced model, as partners know them."""
    return resources.by_model(SYNCED_APPS)


class ResourceChoices(BaseChoiceIterator):
    """The resources' names as choices, read when first needed: the apps register them."""

    def __iter__(self):
        return ((name, name) for name in resource_of_model().values())


class DeletionFilter(django_filters.FilterSet):
    since = TimestampFilter(
        field_name="deleted_at",
        lookup_expr="gte",
        label="Deleted at or after this time (ISO 8601; UTC when no offset is given).",
    )
    resource = MultipleChoiceFilter(
        method="filter_resource",
        choices=ResourceChoices(),
        label="Resource (one or several), e.g. priorities.",
    )
    object_id = IdFilter(field_name="object_id", label="Id of the deleted record.")
    ordering = StableOrderingFilter(fields=("deleted_at",))

    class Meta:
        model = Deletion
        fields = []

    def filter_resource(self, queryset, name, value):
        models = [model for model, resource in resource_of_model().items() if resource in value]
        return queryset.filter(model__in=models)


class DeletionSerializer(serializers.ModelSerializer):
    resource = serializers.SerializerMethodField()

    class Meta:
        model = Deletion
        fields = ["id", "resource", "object_id", "deleted_at"]

    def get_resource(self, deletion) -> str:
        return resource_of_model()[deletion.model]


@resources.register("deletions", basename="deletion")
class DeletionViewSet(ApiViewSet):
    """Records deleted from the API's resources: drop them from a mirror."""

    queryset = Deletion.objects.all()
    serializer_class = DeletionSerializer
    filterset_class = DeletionFilter

    def get_queryset(self):
        return super().get_queryset().filter(model__in=resource_of_model())
