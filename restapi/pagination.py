"""Pages of a list: DRF's numbered pages, strict about their parameters, and keyset pages.

Keyset pages are for mirroring: `?after=<id>` returns the records with a greater id, in id
order. A page-number page deep in a large list makes the database sort and skip every row before
it (OFFSET); a keyset page starts from the primary key's index, so the last page of a full
sync costs what the first does. Follow `next` from `after=0` until it is null.

With `page` or `ordering` as well, `after` only filters (the records with a greater id) and
the pages are numbered as usual.

`count` is exact: it is counted once per data version and query, then read from the cache
(`counted`), so that a client walking a large list does not make the database count every
row on every page. A write changes the version, and with it every count.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from sync import versions

COUNT_TIMEOUT = 600


def counted(queryset):
    """queryset.count(), once per data version and query: later pages read it from the
    cache."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0
    text = f"{versions.stamp()}\n{queryset.db}\n{sql}\n{params!r}"
    key = "count:" + hashlib.sha256(text.encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_TIMEOUT)
    return count


class CountedPaginator(Paginator):
    @cached_property
    def count(self):
        return counted(self.object_list)


class KeysetMixin:
    """For a PageNumberPagination: page by id when the request names `after`."""

    after_query_param = "after"

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.after_query_param)
        self.after = None if raw is None else self.parse_after(raw)
        if self.after is not None and self.numbered(request):
            queryset, self.after = queryset.filter(pk__gt=self.after), None
        if self.after is None:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        size = self.get_page_size(request)
        self.keyset_count = counted(queryset)
        records = list(queryset.filter(pk__gt=self.after).order_by("pk")[: size + 1])
        self.keyset_last = records[size - 1].pk if len(records) > size else None
        return records[:size]

    def parse_after(self, raw):
        if not (raw.isascii() and raw.isdigit()):
            raise ValidationError({self.after_query_param: ["Enter a whole number of 0 or more."]})
        return int(raw)

    def numbered(self, request):
        """Whether the client asked for numbered pages or another order than by id."""
        return self.page_query_param in request.query_params or "ordering" in request.query_params

    def get_paginated_response(self, data):
        if self.after is None:
            return super().get_paginated_response(data)
        return Response(
            {
                "count": self.keyset_count,
                "next": self.get_next_link(),
                "previous": None,
                "results": data,
            }
        )

    def get_next_link(self):
        if self.after is None:
            return super().get_next_link()
        if self.keyset_last is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.after_query_param, self.keyset_last)

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.after_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Page by id for mirroring: the records with an id greater than this, in id "
                    "order; start from 0 and follow `next`. With `page` or `ordering`, it only "
                    "filters, and the pages are numbered."
                ),
                "schema": {"type": "integer", "minimum": 0},
            },
        ]


class ApiPagination(KeysetMixin, PageNumberPagination):
    """DRF's envelope {count, next, previous, results}; `page` and `page_size` are strict;
    `after` pages by id, for mirroring."""

    django_paginator_class = CountedPaginator
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
