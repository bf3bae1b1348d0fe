"""A work plan's priorities, and what changed between two points, as CSV downloads."""

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404

from forums.exports import csv_response
from meetings.models import Member
from workplan.filters import PriorityFilter
from workplan.members import MemberActivity
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
        last_update.isoformat() if last_update else "",
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


CHANGES_HEADER = (
    "Order",
    "Priority",
    "From",
    "Status at start",
    "Progress at start (%)",
    "To",
    "Status at end",
    "Progress at end (%)",
    "What moved",
    "Progress change (points)",
    "Updates in between",
    "Link",
)


def item_prefix(update):
    return f"action item {update.action_item.order}, " if update.action_item_id else ""


def changes_csv(request, slug):
    """One row per priority: its state at both ends, what moved and the entries between."""
    from workplan.views import plan_changes

    found, error = plan_changes(request, slug)
    if error:
        return error
    plan, start, end, changes = found

    def row(priority):
        movement = priority.movement
        return (
            priority.order,
            priority.title,
            start.day.isoformat(),
            movement.status_from_label,
            priority.progress_from,
            end.day.isoformat(),
            priority.get_status_display(),
            priority.progress,
            str(movement),
            movement.progress_points,
            " | ".join(
                f"{update.as_of.isoformat()}: {item_prefix(update)}{update.change_display}"
                for update in priority.updates_between
            ),
            request.build_absolute_uri(priority.get_absolute_url()),
        )

    return csv_response(
        f"{plan.slug}-changes-{start.day.isoformat()}-{end.day.isoformat()}.csv",
        CHANGES_HEADER,
        (row(priority) for priority in changes.priorities),
    )


ACTION_ITEMS_HEADER = (
    "Work plan",
    "Priority",
    "Order",
    "Action item",
    "Leads",
    "Status",
    "Progress (%)",
    "Target date",
    "Link",
)


def member_action_items_csv(request, slug):
    """The action items a member leads, itself or through its organisations."""
    member = get_object_or_404(Member, slug=slug)
    items = MemberActivity.action_items_of(member, member.organisations.all())

    def row(item):
        return (
            item.priority.workplan.title,
            item.priority.title,
            item.order,
            item.title,
            "; ".join(lead.name for lead in item.leads),
            item.get_status_display(),
            item.progress,
            item.target_date.isoformat() if item.target_date else "",
            request.build_absolute_uri(item.get_absolute_url()),
        )

    return csv_response(
        f"{member.slug}-action-items.csv", ACTION_ITEMS_HEADER, (row(item) for item in items)
    )
