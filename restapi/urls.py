"""The REST API's URLs: one router for every registered resource, the schema and its docs."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers
from rest_framework.renderers import JSONRenderer

from restapi.registry import resources


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
for name, viewset, basename in resources:
    router.register(name, viewset, basename=basename)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    # Only paths with the final slash: the others are redirected to gain it first.
    re_path(r"^.*/$", not_found),
]
