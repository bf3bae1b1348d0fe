from django.urls import path

from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.ForumListView.as_view(), name="forum-list"),
    path("<slug:slug>/", views.ForumDetailView.as_view(), name="forum-detail"),
]
