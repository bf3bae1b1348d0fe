"""Atom feeds of priority updates: one for every plan, one per work plan.

Officials subscribe to hear when a priority or one of its action items moves. Each entry is
one PriorityUpdate (an action item's names the item), newest first, read through the same
query and FilterSet as the pages and the API.
"""

import uuid
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from workplan.filters import PriorityUpdateFilter
from workplan.models import PriorityUpdate, Status, WorkPlan

FEED_LENGTH = 50
ENTRY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "work-plan-tracker:priority-updates")


@dataclass(frozen=True)
class FeedScope:
    """What one request's feed covers. The Feed instance is shared by all requests, so
    per-request state travels in this object rather than on the feed."""

    title: str
    link: str
    feed_url: str
    updates: QuerySet


def filtered_updates(request, queryset):
    filterset = PriorityUpdateFilter(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest(filterset.errors.as_text())
    return filterset.qs


def percent(progress):
    return "not reported" if progress is None else f"{progress}%"


class PriorityUpdatesFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Bali Process Regional Support Office"

    def get_object(self, request):
        return FeedScope(
            title="Work plan updates · Bali Process Working Group on Trafficking in Persons",
            link=reverse("workplan:workplan-list"),
            feed_url=request.get_full_path(),
            updates=filtered_updates(request, PriorityUpdate.objects.with_priority()),
        )

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def feed_url(self, scope):
        return scope.feed_url

    def subtitle(self, scope):
        return (
            "Changes to the status and progress of the work plan's priorities and their "
            "action items, newest first."
        )

    def items(self, scope):
        # By the day each state held, then by when it was recorded.
        return scope.updates.timeline().select_related("meeting")[:FEED_LENGTH]

    def item_title(self, update):
        return f"{update.subject.title.rstrip('.')}: {update.change_display}"

    def item_description(self, update):
        status = Status(update.new_status).label
        if update.old_status:
            status = f"{Status(update.old_status).label} → {status}"
        progress = percent(update.new_progress)
        if update.old_status:
            progress = f"{percent(update.old_progress)} → {progress}"
        reported = f" · reported at {update.meeting}" if update.meeting_id else ""
        item = (
            format_html(
                "Action item {} of the priority “{}” · ", update.action_item.order, update.priority
            )
            if update.action_item_id
            else ""
        )
        return format_html(
            "<p>Status: {}. Progress: {}.</p>{}<p>{}{} · as of {}{}</p>",
            status,
            progress,
            linebreaks_filter(update.note, autoescape=True) if update.note else "",
            item,
            update.priority.workplan,
            update.as_of.isoformat(),
            reported,
        )

    def item_link(self, update):
        return update.subject.get_absolute_url()

    def item_guid(self, update):
        # Several updates of one priority share its link, so the entry's id names the update;
        # it does not depend on the host name the feed was fetched through.
        return uuid.uuid5(ENTRY_NAMESPACE, f"workplan.priorityupdate/{update.pk}").urn

    def item_guid_is_permalink(self, update):
        return False

    def item_pubdate(self, update):
        return update.recorded_at

    def item_updateddate(self, update):
        return update.updated_at

    def item_author_name(self, update):
        return update.public_author

    def item_categories(self, update):
        return (Status(update.new_status).label,)


class WorkPlanUpdatesFeed(PriorityUpdatesFeed):
    def get_object(self, request, slug):
        plan = get_object_or_404(WorkPlan.objects.select_related("working_group"), slug=slug)
        return FeedScope(
            title=f"{plan} updates · {plan.working_group}",
            link=plan.get_absolute_url(),
            feed_url=request.get_full_path(),
            updates=filtered_updates(
                request, PriorityUpdate.objects.for_plan(plan).with_priority()
            ),
        )
