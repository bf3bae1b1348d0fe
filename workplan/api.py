"""Read endpoints for work plans, priorities and their updates; the secretariat's PATCH."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from restapi.registry import resources
from restapi.viewsets import ApiViewSet
from workplan.filters import PriorityFilter, PriorityUpdateFilter, WorkPlanFilter
from workplan.models import Priority, PriorityUpdate, WorkPlan
from workplan.serializers import (
    PriorityChangeSerializer,
    PrioritySerializer,
    PriorityUpdateSerializer,
    WorkPlanSerializer,
)
from workplan.services import record_priority_update

SECRETARIAT = "Secretariat"


class IsSecretariatOrReadOnly(BasePermission):
    """Anyone reads; only the secretariat (or a user allowed to change priorities) writes."""

    message = "Only the secretariat may change priorities."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return user.is_authenticated and (
            user.has_perm("workplan.change_priority")
            or user.groups.filter(name=SECRETARIAT).exists()
        )


@resources.register("workplans", basename="workplan")
class WorkPlanViewSet(ApiViewSet):
    """The working groups' work plans."""

    queryset = WorkPlan.objects.all()
    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilter


@resources.register("priorities", basename="priority")
class PriorityViewSet(ApiViewSet):
    """The priorities of the work plans, their status, progress and lead."""

    queryset = Priority.objects.with_related()
    serializer_class = PrioritySerializer
    filterset_class = PriorityFilter
    permission_classes = [IsSecretariatOrReadOnly]
    parser_classes = [JSONParser]

    @extend_schema(
        request=PriorityChangeSerializer,
        responses={200: PrioritySerializer},
        description=(
            "Change a priority's status and/or progress, with a note. The change is recorded "
            "as one priority update, as when it is made in admin. Secretariat only."
        ),
    )
    def partial_update(self, request, *args, **kwargs):
        priority = self.get_object()
        change = PriorityChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        try:
            record_priority_update(priority=priority, author=request.user, **change.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(as_serializer_error(error)) from None
        return Response(self.get_serializer(priority).data)


@resources.register("priority-updates", basename="priorityupdate")
class PriorityUpdateViewSet(ApiViewSet):
    """The history of the priorities: one entry per change of status or progress, or note."""

    queryset = PriorityUpdate.objects.all()
    serializer_class = PriorityUpdateSerializer
    filterset_class = PriorityUpdateFilter
