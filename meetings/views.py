from django.views.generic import DetailView

from forums.models import meetings_with_programme
from meetings.filters import MeetingFilter
from meetings.listing import FilteredListView
from meetings.models import Meeting, WorkingGroup


class MeetingListView(FilteredListView):
    queryset = Meeting.objects.latest_first().with_details()
    filterset_class = MeetingFilter
    context_object_name = "meetings"

    def get_context_data(self, **kwargs):
        return super().get_context_data(working_groups=WorkingGroup.objects.all(), **kwargs)


class MeetingDetailView(DetailView):
    queryset = meetings_with_programme()
    context_object_name = "meeting"
