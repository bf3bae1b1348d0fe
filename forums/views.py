from django.views.generic import DetailView

from forums.filters import ForumFilter
from forums.models import Forum
from meetings.listing import FilteredListView
from meetings.models import WorkingGroup


class ForumListView(FilteredListView):
    queryset = Forum.objects.latest_first().with_summary()
    filterset_class = ForumFilter
    context_object_name = "forums"

    def get_context_data(self, **kwargs):
        return super().get_context_data(working_groups=WorkingGroup.objects.all(), **kwargs)


class ForumDetailView(DetailView):
    queryset = Forum.objects.with_programme()
    context_object_name = "forum"
