"""The REST API v1: one router for every resource, the OpenAPI schema and its docs."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.renderers import JSONRenderer

from forums.api import ForumViewSet, ParticipantViewSet, PresentationViewSet
from meetings.api import MeetingViewSet, MemberViewSet, OrganisationViewSet, WorkingGroupViewSet
from sync.api import DeletionViewSet
from workplan.api import PriorityUpdateViewSet, PriorityViewSet, WorkPlanViewSet


class ApiRootView(routers.APIRootView):
    """The resources of the API, each with its URL."""

    renderer_classes = [JSONRenderer]


class ApiRouter(routers.DefaultRouter):
    APIRootView = ApiRootView
    # The format is chosen with ?format= or Accept, never a suffix: ids are whole paths.
    include_format_suffixes = False


def not_found(request):
    return JsonResponse({"detail": "Not found."}, status=404)


router = ApiRouter()
router.register("members", MemberViewSet, basename="member")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("working-groups", WorkingGroupViewSet, basename="workinggroup")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("workplans", WorkPlanViewSet, basename="workplan")
router.register("priorities", PriorityViewSet, basename="priority")
router.register("priority-updates", PriorityUpdateViewSet, basename="priorityupdate")
router.register("forums", ForumViewSet, basename="forum")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("presentations", PresentationViewSet, basename="presentation")
router.register("deletions", DeletionViewSet, basename="deletion")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    # Only paths with the final slash: the others are redirected to gain it first.
    re_path(r"^.*/$", not_found),
]
