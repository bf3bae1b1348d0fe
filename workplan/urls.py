from django.urls import path

from workplan import views

app_name = "workplan"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("work-plans/", views.WorkPlanListView.as_view(), name="workplan-list"),
    path("work-plans/<slug:slug>/", views.WorkPlanDetailView.as_view(), name="workplan-detail"),
    path(
        "work-plans/<slug:workplan_slug>/priorities/<slug:slug>/",
        views.PriorityDetailView.as_view(),
        name="priority-detail",
    ),
]
