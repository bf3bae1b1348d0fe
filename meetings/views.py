from django.views.generic import DetailView, ListView

from meetings.models import Meeting


class MeetingListView(ListView):
    queryset = Meeting.objects.latest_first().with_details()
    context_object_name = "meetings"


class MeetingDetailView(DetailView):
    queryset = Meeting.objects.with_details()
    context_object_name = "meeting"
