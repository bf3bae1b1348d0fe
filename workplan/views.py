from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from forums.models import Forum
from meetings.listing import PeriodListView
from meetings.models import Meeting, Member, Organisation, WorkingGroup
from workplan import members
from workplan.filters import ChangesForm, PriorityFilter, UnknownMeeting, WorkPlanFilter
from workplan.members import MemberActivity
from workplan.models import (
    ItemRollUp,
    PlanState,
    Priority,
    PriorityUpdate,
    Status,
    WorkPlan,
    in_force_on,
)
from workplan.paging import SlicePage

LATEST_UPDATES = 5
# The parameters that name the day a page is read at: a bad one is a 400, not a note.
MOMENT_PARAMETERS = ("as_of", "at_meeting", "from", "to")


def bad_request(request, errors):
    """The site's 400 page, naming each parameter at fault and why."""
    problems = [(name, " ".join(messages)) for name, messages in errors.items()]
    return render(request, "workplan/bad_request.html", {"problems": problems}, status=400)


def moment_errors(form):
    return {name: form.errors[name] for name in MOMENT_PARAMETERS if name in form.errors}


def plan_summary(priorities):
    """The figures shown above a plan's priorities: progress and the count in each status."""
    counts = priorities.status_counts()
    return {
        "roll_up": priorities.roll_up(),
        "priority_count": sum(counts.values()),
        "status_counts": [(Status(status), count) for status, count in counts.items()],
    }


class HomeView(TemplateView):
    """The plan in force today at a glance; where none is, the latest plan, never called
    current."""

    template_name = "workplan/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = WorkPlan.objects.current()
        is_current = plan is not None
        if plan is None:
            plan = WorkPlan.objects.latest()
        context.update(
            plan=plan,
            is_current=is_current,
            latest_meeting=Meeting.objects.latest_first().first(),
            latest_forum=Forum.objects.latest_first().first(),
        )
        if plan is not None:
            priorities = Priority.objects.for_plan(plan)
            shown = list(priorities.with_lead().with_last_update().with_action_item_counts())
            # The plan's entries, read by its priorities' ids from their index (never by a
            # walk down every plan's timeline), as (day, recorded, id): the latest few and
            # the number since the last meeting come from these.
            entries = sorted(
                PriorityUpdate.objects.filter(priority_id__in=[p.pk for p in shown])
                .order_by()
                .values_list("as_of", "recorded_at", "pk"),
                reverse=True,
            )
            context.update(
                plan_summary(priorities),
                priorities=shown,
                latest_updates=PriorityUpdate.objects.filter(
                    pk__in=[pk for _, _, pk in entries[:LATEST_UPDATES]]
                )
                .with_priority()
                .timeline()
                .select_related("meeting")
                .prefetch_related("sources"),
            )
            if context["latest_meeting"] is not None:
                held_after = context["latest_meeting"].end_date
                context["updates_since_meeting"] = sum(day > held_after for day, _, _ in entries)
        return context


class WorkPlanListView(PeriodListView):
    queryset = WorkPlan.objects.latest_first().with_progress()
    filterset_class = WorkPlanFilter
    context_object_name = "plans"

    def get_context_data(self, **kwargs):
        return super().get_context_data(working_groups=WorkingGroup.objects.all(), **kwargs)


class WorkPlanDetailView(DetailView):
    """A plan today, or as it stood at the end of a day (`as_of`) or meeting (`at_meeting`)."""

    queryset = WorkPlan.objects.select_related(
        "working_group", "adopted_at", "superseded_by"
    ).prefetch_related("reviewed_at", "sources", "supersedes")
    context_object_name = "plan"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # The API's FilterSet, so that a shared page URL and an API query filter alike.
        self.filterset = PriorityFilter(
            request.GET or None,
            queryset=Priority.objects.for_plan(self.object)
            .with_lead()
            .with_last_update()
            .with_action_item_counts(),
            request=request,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            errors = moment_errors(self.filterset.form)
            if errors:
                return bad_request(request, errors)
        meeting = self.filterset.is_bound and self.filterset.form.cleaned_data.get("at_meeting")
        if isinstance(meeting, UnknownMeeting):
            return bad_request(request, {"at_meeting": [f"No meeting has the slug {meeting!r}."]})
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, filterset = self.object, self.filterset
        moment = filterset.moment()
        priorities = Priority.objects.for_plan(plan)
        if moment is not None:
            priorities = priorities.as_of(moment.day)
        filtered = {
            name for name in filterset.form.changed_data if name not in ("as_of", "at_meeting")
        }
        context.update(
            plan_summary(priorities),
            moment=moment,
            moment_query=moment_query(filterset.form) if moment else "",
            state=plan.state_on(moment.day) if moment else plan.state,
            not_yet_adopted=moment is not None and moment.day < plan.adopted_on,
            filter=filterset,
            priorities=filterset.qs.with_continuity(),
            is_filtered=bool(filtered),
            lead=lead_named(filterset),
        )
        if moment is None and context["state"] == PlanState.ENDED:
            context["later_plan"] = (
                WorkPlan.objects.filter(
                    working_group_id=plan.working_group_id, start_date__gt=plan.start_date
                )
                .order_by("start_date", "pk")
                .first()
            )
        return context


def lead_named(filterset):
    """The member or organisation of ``?lead=``, for the page to name it (None if none)."""
    slug = filterset.form.cleaned_data.get("lead") if filterset.is_bound else None
    if not slug:
        return None
    return (
        Member.objects.filter(slug=slug).first()
        or Organisation.objects.select_related("member").filter(slug=slug).first()
    )


def moment_query(form):
    """The query string that names the day: kept by the status filter and the downloads."""
    name = "at_meeting" if form.cleaned_data.get("at_meeting") else "as_of"
    return f"{name}={form.data.get(name)}"


TIMELINE_PAGE = 50


class PriorityDetailView(DetailView):
    context_object_name = "priority"

    def get_queryset(self):
        return (
            Priority.objects.filter(workplan__slug=self.kwargs["workplan_slug"])
            .with_related()
            .with_continuity()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        timeline = SlicePage.of(
            self.object.updates.own()
            .timeline()
            .select_related("meeting")
            .prefetch_related("sources"),
            self.request.GET.get("page"),
            TIMELINE_PAGE,
        )
        updates = timeline.records
        items = list(self.object.action_items.with_leads().with_history())
        sources = {}
        for update in [*reversed(updates), *(u for item in items for u in item.updates.all())]:
            for source in update.sources.all():
                sources.setdefault(source.pk, source)
        context.update(
            updates=updates,
            page_obj=timeline,
            action_items=items,
            item_roll_up=ItemRollUp.of(items) if items else None,
            priority_sources=list(sources.values()),
        )
        return context


class MemberListView(ListView):
    """Every member, with its organisations: the way to "what does my country do?"."""

    queryset = Member.objects.prefetch_related("organisations")
    context_object_name = "members"
    paginate_by = 50
    template_name = "workplan/member_list.html"


class MemberDetailView(DetailView):
    """What a member leads, chairs, hosts, presents and attends, itself or through its
    organisations."""

    model = Member
    context_object_name = "member"
    template_name = "workplan/member_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity = MemberActivity(self.object, self.request.GET.get("page"))
        context.update(
            activity=activity,
            page_obj=activity.action_items,
            page_size=members.ITEMS_PAGE,
            latest=members.LATEST,
        )
        return context


def plan_changes(request, slug):
    """What changed in a plan between two points: the page, and its CSV."""
    plan = get_object_or_404(WorkPlan.objects.select_related("working_group"), slug=slug)
    form = ChangesForm(request.GET)
    if not form.is_valid():
        return None, bad_request(request, form.errors)
    start, end = form.moments(plan)
    return (plan, start, end, plan.changes(start.day, end.day)), None


def changes_page(request, slug):
    found, error = plan_changes(request, slug)
    if error:
        return error
    plan, start, end, changes = found
    return render(
        request,
        "workplan/changes.html",
        {"plan": plan, "start": start, "end": end, "changes": changes, "query": request.GET},
    )


class MeetingReport:
    """A meeting's progress report: for each plan in force at, reviewed by or adopted by the
    meeting, every priority at the working group's previous meeting (or at the plan's
    adoption, if later) and at this one."""

    def __init__(self, meeting):
        self.meeting = meeting
        self.previous = (
            Meeting.objects.filter(
                working_group_id=meeting.working_group_id, end_date__lt=meeting.start_date
            )
            .latest_first()
            .first()
        )
        plans = (
            WorkPlan.objects.filter(
                (Q(in_force_on(meeting.end_date)) & Q(working_group_id=meeting.working_group_id))
                | Q(reviewed_at=meeting)
                | Q(adopted_at=meeting)
            )
            .distinct()
            .select_related("working_group", "adopted_at", "superseded_by")
            .prefetch_related("sources")
            .order_by("start_date", "pk")
        )
        self.sections = [self.section(plan) for plan in plans]

    def section(self, plan):
        previous = self.previous
        if previous is not None and previous.end_date >= plan.adopted_on:
            start, since = previous.end_date, previous
        else:
            start, since = plan.adopted_on, None
        changes = plan.changes(start, self.meeting.end_date)
        sources = {source.pk: source for source in plan.sources.all()}
        for source in changes.sources:
            sources.setdefault(source.pk, source)
        return {
            "plan": plan,
            "since_meeting": since,
            "start": start,
            "changes": changes,
            "sources": list(sources.values()),
        }


def meeting_report_context(slug):
    meeting = get_object_or_404(Meeting.objects.select_related("working_group"), slug=slug)
    return {"meeting": meeting, "report": MeetingReport(meeting), "today": timezone.localdate()}


def meeting_report(request, slug):
    return render(request, "workplan/meeting_report.html", meeting_report_context(slug))


def meeting_report_pdf(request, slug):
    """The report page printed to PDF by WeasyPrint, from the same template."""
    from workplan.pdf import html_to_pdf

    context = meeting_report_context(slug)
    html = render_to_string("workplan/meeting_report.html", context, request=request)
    response = HttpResponse(
        html_to_pdf(html, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{slug}-progress-report.pdf"'
    return response
