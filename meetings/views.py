from django.views.generic import DetailView, ListView

from forums.models import meetings_with_programme
from meetings.models import Meeting


class MeetingListView(ListView):
    queryset = Meeting.objects.latest_first().with_details()
    context_object_name = "meetings"


class MeetingDetailView(DetailView):
    queryset = meetings_with_programme()
    context_object_name = "meeting"
