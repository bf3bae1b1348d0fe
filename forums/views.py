from django.views.generic import DetailView, ListView

from forums.models import Forum


class ForumListView(ListView):
    queryset = Forum.objects.latest_first().with_summary()
    context_object_name = "forums"


class ForumDetailView(DetailView):
    queryset = Forum.objects.with_programme()
    context_object_name = "forum"
