"""Read endpoints for work plans, priorities and their updates; the secretariat's PATCH."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from restapi.registry import resources
from restapi.viewsets import ApiViewSet
from workplan.filters import (
    ActionItemFilter,
    ChangesForm,
    PriorityFilter,
    PriorityUpdateFilter,
    WorkPlanFilter,
)
from workplan.models import ActionItem, Priority, PriorityUpdate, WorkPlan
from workplan.serializers import (
    ActionItemChangeSerializer,
    ActionItemSerializer,
    PlanChangesSerializer,
    PriorityChangeSerializer,
    PrioritySerializer,
    PriorityUpdateSerializer,
    WorkPlanSerializer,
)
from workplan.services import record_update

SECRETARIAT = "Secretariat"


class IsSecretariatOrReadOnly(BasePermission):
    """Anyone reads; only the secretariat (or a user allowed to change priorities) writes."""

    message = "Only the secretariat may change priorities."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        return user.is_authenticated and (
            user.has_perm(getattr(view, "change_permission", "workplan.change_priority"))
            or user.groups.filter(name=SECRETARIAT).exists()
        )


def record_state_change(viewset, request, change_serializer, subject):
    """A PATCH of a priority's or an action item's state, through the one write path."""
    record = viewset.get_object()
    change = change_serializer(data=request.data)
    change.is_valid(raise_exception=True)
    try:
        record_update(**{subject: record}, author=request.user, **change.validated_data)
    except DjangoValidationError as error:
        raise ValidationError(as_serializer_error(error)) from None
    return Response(viewset.get_serializer(record).data)


@resources.register("workplans", basename="workplan")
class WorkPlanViewSet(ApiViewSet):
    """The working groups' work plans."""

    queryset = WorkPlan.objects.select_related("superseded_by").prefetch_related(
        "reviewed_at", "sources"
    )
    serializer_class = WorkPlanSerializer
    filterset_class = WorkPlanFilter

    def reject_unknown_parameters(self, request):
        if self.action != "changes":
            return super().reject_unknown_parameters(request)
        unknown = sorted(set(request.query_params) - {"format", "from", "to"})
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})
        return None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "from",
                OpenApiTypes.DATE,
                description=(
                    "The start (YYYY-MM-DD, today or earlier; a meeting's slug also serves, "
                    "meaning its last day): the state at the end of that day. By default the "
                    "working group's last meeting before `to`, or the plan's adoption."
                ),
            ),
            OpenApiParameter(
                "to",
                OpenApiTypes.DATE,
                description="The end, as `from`; today by default. Not before `from`.",
            ),
        ],
        responses={200: PlanChangesSerializer},
        description=(
            "What changed in the plan between two days: each priority that existed at the "
            "end, with its status and progress at both ends, the updates in between (as of "
            "a day after `from`, up to `to`), and what moved (newly adopted, status "
            "changed, progress ± points, unchanged); the roll-up at both ends. A malformed "
            "or future date, or `from` after `to`, is a 400 naming the parameter."
        ),
        filters=False,
    )
    @action(detail=True, pagination_class=None, filter_backends=[], renderer_classes=[JSONRenderer])
    def changes(self, request, *args, **kwargs):
        plan = self.get_object()
        form = ChangesForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        start, end = form.moments(plan)
        return self.if_modified(request) or Response(
            PlanChangesSerializer(
                plan.changes(start.day, end.day), context=self.get_serializer_context()
            ).data
        )


@resources.register("priorities", basename="priority")
class PriorityViewSet(ApiViewSet):
    """The priorities of the work plans, their status, progress and lead."""

    queryset = Priority.objects.with_related().prefetch_related("continued_by")
    serializer_class = PrioritySerializer
    filterset_class = PriorityFilter
    permission_classes = [IsSecretariatOrReadOnly]
    parser_classes = [JSONParser]

    @extend_schema(
        request=PriorityChangeSerializer,
        responses={200: PrioritySerializer},
        description=(
            "Change a priority's status and/or progress, with a note, as of a day (today "
            "unless `as_of` says otherwise; `progress: null` records that no figure was "
            "reported). The change is recorded as one priority update, as when it is made "
            "in admin; a back-dated one never overwrites a newer state. Secretariat only."
        ),
    )
    def partial_update(self, request, *args, **kwargs):
        return record_state_change(self, request, PriorityChangeSerializer, "priority")


@resources.register("action-items", basename="actionitem")
class ActionItemViewSet(ApiViewSet):
    """The action items under the priorities, their leads, status and progress."""

    queryset = ActionItem.objects.with_leads()
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    permission_classes = [IsSecretariatOrReadOnly]
    change_permission = "workplan.change_actionitem"
    parser_classes = [JSONParser]

    @extend_schema(
        request=ActionItemChangeSerializer,
        responses={200: ActionItemSerializer},
        description=(
            "Change an action item's status and/or progress, with a note, as of a day (today "
            "unless `as_of` says otherwise; `progress: null` records that no figure was "
            "reported). The change is recorded as one entry of `/priority-updates/` naming "
            "the item, as when it is made in admin; a back-dated one never overwrites a "
            "newer state. Secretariat only."
        ),
    )
    def partial_update(self, request, *args, **kwargs):
        return record_state_change(self, request, ActionItemChangeSerializer, "action_item")


@resources.register("priority-updates", basename="priorityupdate")
class PriorityUpdateViewSet(ApiViewSet):
    """The history of the priorities and their action items: one entry per change of status
    or progress, or note; an entry about an action item names it in `action_item`."""

    queryset = PriorityUpdate.objects.prefetch_related("sources")
    serializer_class = PriorityUpdateSerializer
    filterset_class = PriorityUpdateFilter
