"""Read endpoints for forums, participants and presentations."""

from forums.filters import ForumFilter, ParticipantFilter, PresentationFilter
from forums.models import Forum, Participant, Presentation
from forums.serializers import ForumSerializer, ParticipantSerializer, PresentationSerializer
from restapi.registry import resources
from restapi.viewsets import ApiViewSet


@resources.register("forums", basename="forum")
class ForumViewSet(ApiViewSet):
    """Forums, workshops, symposia, roundtables, webinars and other events."""

    queryset = Forum.objects.with_hosts().prefetch_related("sources")
    serializer_class = ForumSerializer
    filterset_class = ForumFilter


@resources.register("participants", basename="participant")
class ParticipantViewSet(ApiViewSet):
    """Who took part in a forum or meeting: organisation or member, role and headcount."""

    queryset = Participant.objects.public()
    serializer_class = ParticipantSerializer
    filterset_class = ParticipantFilter


@resources.register("presentations", basename="presentation")
class PresentationViewSet(ApiViewSet):
    """Presentations given at forums and meetings."""

    queryset = Presentation.objects.prefetch_related("members", "organisations")
    serializer_class = PresentationSerializer
    filterset_class = PresentationFilter
