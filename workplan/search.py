"""The site's search page: meetings, forums, work plans, priorities, action items and members
that hold the words asked for, the first few of each, with the API's search
(`restapi.search`)."""

from django import forms
from django.shortcuts import render
from django.urls import reverse

from forums.filters import ForumFilter
from forums.models import Forum
from meetings.filters import MeetingFilter, MemberFilter
from meetings.listing import bad_filters
from meetings.models import Meeting, Member
from restapi.search import search
from workplan.filters import ActionItemFilter, PriorityFilter, WorkPlanFilter
from workplan.models import ActionItem, Priority, WorkPlan

RESULTS = 10


class SearchForm(forms.Form):
    q = forms.CharField(max_length=200, label="Look for")


def sections():
    """(heading, records, the API's FilterSet, the HTML list that takes ``search``)."""
    return [
        (
            "Meetings",
            Meeting.objects.select_related("working_group"),
            MeetingFilter,
            "meetings:meeting-list",
        ),
        ("Forums", Forum.objects.select_related("working_group"), ForumFilter, "forums:forum-list"),
        (
            "Work plans",
            WorkPlan.objects.select_related("working_group"),
            WorkPlanFilter,
            "workplan:workplan-list",
        ),
        ("Priorities", Priority.objects.select_related("workplan"), PriorityFilter, None),
        (
            "Action items",
            ActionItem.objects.select_related("priority__workplan"),
            ActionItemFilter,
            None,
        ),
        ("Members", Member.objects.all(), MemberFilter, None),
    ]


def address(record):
    if isinstance(record, Member):
        return reverse("workplan:member-detail", kwargs={"slug": record.slug})
    return record.get_absolute_url()


def search_page(request):
    """Two queries for each kind of record (whether it has more matches than are ranked, then
    the first few; one on SQLite), whatever the number of matches."""
    form = SearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return bad_filters(request, form.errors)
    text = form.cleaned_data["q"] if form.is_bound else ""
    found = []
    for heading, records, filterset, list_name in sections() if text else ():
        results = list(search(records, filterset.search_fields, text)[: RESULTS + 1])
        found.append(
            {
                "heading": heading,
                "results": [(record, address(record)) for record in results[:RESULTS]],
                "more": len(results) > RESULTS,
                "list_url": reverse(list_name) if list_name else None,
            }
        )
    context = {"form": form, "text": text, "sections": found}
    return render(request, "workplan/search.html", context)
