from django.views.generic import DetailView, ListView, TemplateView

from forums.models import Forum
from meetings.models import Meeting
from workplan.filters import PriorityFilter
from workplan.models import Priority, PriorityUpdate, Status, WorkPlan

LATEST_UPDATES = 5


def plan_summary(priorities):
    """The figures shown above a plan's priorities: progress and the count in each status."""
    counts = priorities.status_counts()
    return {
        "overall_progress": priorities.overall_progress(),
        "priority_count": sum(counts.values()),
        "counted_priorities": sum(counts.values()) - counts[Status.CANCELLED],
        "status_counts": [(Status(status), count) for status, count in counts.items()],
    }


class HomeView(TemplateView):
    template_name = "workplan/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = WorkPlan.objects.current()
        context.update(
            plan=plan,
            latest_meeting=Meeting.objects.latest_first().first(),
            latest_forum=Forum.objects.latest_first().first(),
        )
        if plan is not None:
            priorities = Priority.objects.for_plan(plan)
            updates = PriorityUpdate.objects.for_plan(plan)
            context.update(
                plan_summary(priorities),
                priorities=priorities.with_lead().with_last_update(),
                latest_updates=updates.with_priority()[:LATEST_UPDATES],
            )
            if context["latest_meeting"] is not None:
                context["updates_since_meeting"] = updates.recorded_after(
                    context["latest_meeting"].end_date
                ).count()
        return context


class WorkPlanListView(ListView):
    queryset = WorkPlan.objects.latest_first().with_progress()
    context_object_name = "plans"


class WorkPlanDetailView(DetailView):
    queryset = WorkPlan.objects.select_related("working_group", "adopted_at")
    context_object_name = "plan"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        priorities = Priority.objects.for_plan(self.object)
        # The API's FilterSet, so that a shared page URL and an API query filter alike.
        filterset = PriorityFilter(
            self.request.GET or None,
            queryset=priorities.with_lead().with_last_update(),
            request=self.request,
        )
        context.update(
            plan_summary(priorities),
            filter=filterset,
            priorities=filterset.qs,
            is_filtered=filterset.is_bound,
        )
        return context


class PriorityDetailView(DetailView):
    context_object_name = "priority"

    def get_queryset(self):
        return Priority.objects.filter(workplan__slug=self.kwargs["workplan_slug"]).with_related()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["updates"] = self.object.updates.all()
        return context
