"""Read endpoints for members, organisations, working groups and meetings."""

from config.rest import ApiViewSet
from meetings.filters import MeetingFilter, MemberFilter, OrganisationFilter, WorkingGroupFilter
from meetings.models import Meeting, Member, Organisation, WorkingGroup
from meetings.serializers import (
    MeetingSerializer,
    MemberSerializer,
    OrganisationSerializer,
    WorkingGroupSerializer,
)


class MemberViewSet(ApiViewSet):
    """Members and observers of the process: states and international organisations."""

    queryset = Member.objects.all()
    serializer_class = MemberSerializer
    filterset_class = MemberFilter


class OrganisationViewSet(ApiViewSet):
    """Agencies of member states and international bodies."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter


class WorkingGroupViewSet(ApiViewSet):
    """The process's working groups."""

    queryset = WorkingGroup.objects.with_co_chairs()
    serializer_class = WorkingGroupSerializer
    filterset_class = WorkingGroupFilter


class MeetingViewSet(ApiViewSet):
    """Working group meetings."""

    queryset = Meeting.objects.with_co_chairs()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
