"""What every endpoint of the REST API shares: the base viewset (strict parameters,
conditional GET, CSV), pagination, the error format and the schema's error responses.

The apps' ``api.py`` modules build on it; ``config/api.py`` puts them on one router.
"""

import csv
import functools
import hashlib
import io
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.viewsets import ReadOnlyModelViewSet

from sync import versions
from sync.pagination import KeysetMixin

API_PREFIX = "/api/v1/"


class ApiPagination(KeysetMixin, PageNumberPagination):
    """DRF's envelope {count, next, previous, results}; `page` and `page_size` are strict;
    `after` pages by id, for mirroring (sync.pagination)."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    page_size_query_description = (
        f"Records per page (default {page_size}, at most {max_page_size})."
    )

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return min(whole_number(raw, self.page_size_query_param), self.max_page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        return 1 if raw is None else whole_number(raw, self.page_query_param)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"].setdefault("minimum", 1)
        return parameters


def whole_number(raw, parameter):
    if raw.isascii() and raw.isdigit() and int(raw) >= 1:
        return int(raw)
    raise ValidationError({parameter: ["Enter a whole number of 1 or more."]})


class CSVRenderer(BaseRenderer):
    """Records as CSV: a header row, then one row per record; lists of ids space-separated.

    Text that a spreadsheet would run as a formula (starting with = + - @) is prefixed
    with an apostrophe.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = [data] if isinstance(data, dict) else data
        header = list(renderer_context["view"].get_serializer().fields)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([csv_cell(row.get(name)) for name in header])
        return out.getvalue().encode(self.charset)


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(csv_cell(item) for item in value)
    value = str(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def exception_handler(exc, context):
    """DRF's errors, with a validation error as {detail, errors: {parameter: [messages]}}."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"detail": response.data}
        response.data = {"detail": f"Invalid {', '.join(errors)}.", "errors": errors}
    return response


ID_PLACEHOLDER = "00000000"


@functools.cache
def detail_path_template(view_name, lookup_url_kwarg, script_prefix):
    """A detail route's path with a placeholder for the id: reversed once, not per record."""
    return reverse(view_name, kwargs={lookup_url_kwarg: ID_PLACEHOLDER})


class CanonicalUrlMixin:
    """A record's one URL: without the `format` that DRF would carry over from the request,
    so that a mirror keys records by the same URL whichever format it reads.

    A page of 200 priorities holds about 900 URLs; building each from a cached template
    rather than a full `reverse` halves the time the page takes to serialise.
    """

    def get_url(self, obj, view_name, request, format):
        lookup_value = getattr(obj, self.lookup_field)
        if lookup_value in (None, ""):
            return None
        template = detail_path_template(view_name, self.lookup_url_kwarg, get_script_prefix())
        path = template.replace(ID_PLACEHOLDER, quote(str(lookup_value), safe=""))
        if request is None:
            return path
        origin = getattr(request, "_absolute_origin", None)
        if origin is None:
            origin = request._absolute_origin = request.build_absolute_uri("/")[:-1]
        return origin + path


class RelatedUrlField(CanonicalUrlMixin, serializers.HyperlinkedRelatedField):
    pass


class UrlField(CanonicalUrlMixin, serializers.HyperlinkedIdentityField):
    pass


def link(view, source, **kwargs):
    """The URL of a related record (or records, with many=True), beside its id."""
    return RelatedUrlField(source=source, view_name=f"api:{view}-detail", read_only=True, **kwargs)


def identity(view):
    return UrlField(view_name=f"api:{view}-detail")


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
        self.etag = self.compute_etag(request)
        self.last_modified = versions.last_modified().replace(microsecond=0)
        if "If-None-Match" in request.headers:
            tags = parse_etags(request.headers["If-None-Match"])
            return Response(status=304) if tags & {self.etag, "*"} else None
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if since is not None and self.last_modified.timestamp() <= since:
            return Response(status=304)
        return None

    def compute_etag(self, request):
        key = "\n".join(
            [
                str(versions.data_version()),
                request.get_full_path(),
                request.accepted_media_type,
            ]
        )
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


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong."},
        "errors": {
            "type": "object",
            "description": "For a 400: the messages for each parameter or field at fault.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
    "example": {
        "detail": "Invalid status.",
        "errors": {
            "status": ["Select a valid choice. finished is not one of the available choices."]
        },
    },
}

ERRORS = {
    "400": "A parameter or field has a bad value, or is unknown; `errors` names it.",
    "401": "The token is missing (for a write) or not valid.",
    "403": "The token's user may not make this change.",
    "404": "No such record, page or format.",
    "406": "None of the media types in `Accept` can be served.",
    "415": "The request body is not JSON or form data.",
    "429": "Too many requests: wait the seconds in `Retry-After`.",
}

VALIDATOR_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Send back in `If-None-Match`."},
    "Last-Modified": {
        "schema": {"type": "string"},
        "description": "When the data last changed; send back in `If-Modified-Since`.",
    },
}


def document_errors(result, generator, request, public):
    """Declare, on each operation, the error statuses it can return, the conditional-GET
    headers and the `format` parameter: drf-spectacular only documents successes."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    # A write names only the fields it may change: any other field is a 400.
    for name, schema in schemas.items():
        if name.startswith("Patched") and name.endswith("Request"):
            schema["additionalProperties"] = False
    for path, operations in result["paths"].items():
        if not path.startswith(API_PREFIX):
            continue
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "id":
                    parameter["schema"] = {"type": "integer"}
                    parameter["description"] = "The record's id."
            statuses = ["400", "401", "404", "406", "429"]
            if method == "get":
                document_get(operation)
            else:
                statuses += ["403", "415"]
                document_write(operation)
            for status in statuses:
                operation["responses"][status] = {
                    "description": ERRORS[status],
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
    return result


def document_get(operation):
    # Reads are open to all; a token only raises the rate limit.
    operation["security"] = [*operation.get("security", []), {}]
    for parameter in operation["parameters"]:
        if parameter["name"] == "format":
            parameter["description"] = (
                "`csv` for CSV (as does `Accept: text/csv`); a list in CSV holds every "
                "matching record, without pages."
            )
    for name, description in (
        ("If-None-Match", "An `ETag` from an earlier response: 304 if nothing changed."),
        ("If-Modified-Since", "A `Last-Modified` from an earlier response: 304 if unchanged."),
    ):
        operation["parameters"].append(
            {
                "name": name,
                "in": "header",
                "required": False,
                "description": description,
                "schema": {"type": "string"},
            }
        )
    success = operation["responses"]["200"]
    success["headers"] = VALIDATOR_HEADERS
    if "text/csv" in success.get("content", {}):
        success["content"]["text/csv"] = {"schema": {"type": "string"}}
    operation["responses"]["304"] = {
        "description": "Not modified: the copy named by the validators is current.",
        "headers": VALIDATOR_HEADERS,
    }


def document_write(operation):
    """A write answers in JSON: the `format` parameter is for reads."""
    operation["parameters"] = [p for p in operation["parameters"] if p["name"] != "format"]
    success = operation["responses"]["200"]
    success["content"] = {"application/json": success["content"]["application/json"]}
