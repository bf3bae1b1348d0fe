"""Read endpoints for members, organisations, working groups and meetings."""

from meetings.filters import MeetingFilter, MemberFilter, OrganisationFilter, WorkingGroupFilter
from meetings.models import Meeting, Member, Organisation, WorkingGroup
from meetings.serializers import (
    MeetingSerializer,
    MemberSerializer,
    OrganisationSerializer,
    WorkingGroupSerializer,
)
from restapi.registry import resources
from restapi.viewsets import ApiViewSet


@resources.register("members", basename="member")
class MemberViewSet(ApiViewSet):
    """Members and observers of the process: states and international organisations."""

    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilter


@resources.register("organisations", basename="organisation")
class OrganisationViewSet(ApiViewSet):
    """Agencies of member states and international bodies."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter


@resources.register("working-groups", basename="workinggroup")
class WorkingGroupViewSet(ApiViewSet):
    """The process's working groups."""

    queryset = WorkingGroup.objects.with_co_chairs()
    serializer_class = WorkingGroupSerializer
    filterset_class = WorkingGroupFilter


@resources.register("meetings", basename="meeting")
class MeetingViewSet(ApiViewSet):
    """Working group meetings."""

    queryset = Meeting.objects.with_hosts().prefetch_related("sources")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
