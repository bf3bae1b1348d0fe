"""A work plan's priorities as a CSV download, filtered like the plan's page."""

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from forums.exports import csv_response
from workplan.filters import PriorityFilter
from workplan.models import Priority, WorkPlan

HEADER = (
    "Order",
    "Priority",
    "Status",
    "Progress (%)",
    "Lead",
    "Target date",
    "Last update",
    "Link",
)


def priority_row(priority, request):
    last_update = priority.last_update_at
    return (
        priority.order,
        priority.title,
        priority.get_status_display(),
        priority.progress,
        str(priority.lead or ""),
        priority.target_date.isoformat() if priority.target_date else "",
        timezone.localdate(last_update).isoformat() if last_update else "",
        request.build_absolute_uri(priority.get_absolute_url()),
    )


def priorities_csv(request, slug):
    plan = get_object_or_404(WorkPlan, slug=slug)
    # The plan page's query and FilterSet, so that the download holds the rows on screen.
    filterset = PriorityFilter(
        request.GET or None,
        queryset=Priority.objects.for_plan(plan).with_lead().with_last_update(),
        request=request,
    )
    if filterset.is_bound and not filterset.is_valid():
        return HttpResponseBadRequest(
            filterset.errors.as_text(), content_type="text/plain; charset=utf-8"
        )
    return csv_response(
        f"{plan.slug}-priorities.csv",
        HEADER,
        (priority_row(priority, request) for priority in filterset.qs),
    )
