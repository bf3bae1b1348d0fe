from django.urls import path

from workplan import views
from workplan.search import search_page

app_name = "workplan"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", search_page, name="search"),
    path("work-plans/", views.WorkPlanListView.as_view(), name="workplan-list"),
    path("work-plans/<slug:slug>/", views.WorkPlanDetailView.as_view(), name="workplan-detail"),
    path("work-plans/<slug:slug>/changes/", views.changes_page, name="workplan-changes"),
    path("meetings/<slug:slug>/report/", views.meeting_report, name="meeting-report"),
    path("meetings/<slug:slug>/report.pdf", views.meeting_report_pdf, name="meeting-report-pdf"),
    path("members/", views.MemberListView.as_view(), name="member-list"),
    path("members/<slug:slug>/", views.MemberDetailView.as_view(), name="member-detail"),
    path(
        "work-plans/<slug:workplan_slug>/priorities/<slug:slug>/",
        views.PriorityDetailView.as_view(),
        name="priority-detail",
    ),
]
