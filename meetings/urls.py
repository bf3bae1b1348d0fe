from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting-list"),
    path("<slug:slug>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
]
