"""The base of every resource: read-only, filtered, paginated, in JSON or CSV, with
conditional GET."""

import functools
import hashlib

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.module_loading import import_string
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from restapi.pagination import ApiPagination
from restapi.renderers import CSVRenderer


@functools.cache
def data_version():
    """The function that reads the data version, as `(number, when it last changed)`.

    The project names it in `API_DATA_VERSION`: the validators of conditional GETs change
    whenever it does.
    """
    return import_string(settings.API_DATA_VERSION)


class ApiViewSet(ReadOnlyModelViewSet):
    """A read-only resource: filtered, paginated, in JSON or CSV, with conditional GET.

    Subclasses set `queryset` (built with the models' QuerySet methods), `serializer_class`
    and `filterset_class`.
    """

    # Any id in the path reaches the view, which answers a JSON 404 when it is not one.
    lookup_value_regex = "[^/]+"
    pagination_class = ApiPagination
    renderer_classes = [JSONRenderer, CSVRenderer]
    filter_backends = [DjangoFilterBackend]
    always_allowed_parameters = {"format"}

    def get_queryset(self):
        # The model's own ordering, ties broken by id, so pages never overlap.
        queryset = super().get_queryset()
        return queryset.order_by(*queryset.model._meta.ordering, "pk")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.reject_unknown_parameters(request)

    def reject_unknown_parameters(self, request):
        """A misspelt filter would otherwise be ignored and return every record."""
        if self.action is None:
            return  # a method the resource does not have: a 405 follows
        allowed = set(self.always_allowed_parameters)
        if self.action == "list":
            allowed |= set(self.filterset_class.base_filters)
            allowed |= {
                self.paginator.page_query_param,
                self.paginator.page_size_query_param,
                self.paginator.after_query_param,
            }
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError({name: ["Unknown parameter."] for name in unknown})

    def list(self, request, *args, **kwargs):
        return self.if_modified(request) or self.list_records(request)

    def retrieve(self, request, *args, **kwargs):
        return self.if_modified(request) or super().retrieve(request, *args, **kwargs)

    def list_records(self, request):
        if request.accepted_renderer.format == CSVRenderer.format:
            # A CSV file holds every matching record: no pages.
            queryset = self.filter_queryset(self.get_queryset())
            return Response(self.get_serializer(queryset, many=True).data)
        return super().list(request)

    def if_modified(self, request):
        """A 304 when the client's copy is current, judged by the data version (one query)."""
        version, changed_at = data_version()()
        # With the time: a database re-created or restored counts its versions from 1 again.
        self.etag = self.compute_etag(request, f"{version}@{changed_at.isoformat()}")
        self.last_modified = changed_at.replace(microsecond=0)
        if "If-None-Match" in request.headers:
            tags = parse_etags(request.headers["If-None-Match"])
            return Response(status=304) if tags & {self.etag, "*"} else None
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if since is not None and self.last_modified.timestamp() <= since:
            return Response(status=304)
        return None

    def compute_etag(self, request, version):
        key = "\n".join([str(version), request.get_full_path(), request.accepted_media_type])
        return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code in (200, 304) and hasattr(self, "etag"):
            response["ETag"] = self.etag
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
            response["Cache-Control"] = "no-cache"
            patch_vary_headers(response, ["Accept"])
        return response

    def handle_exception(self, exc):
        # Errors are JSON whatever format was asked for: a CSV of an error helps no one.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


def parse_etags(header):
    if header.strip() == "*":
        return {"*"}
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
