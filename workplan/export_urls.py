"""Subscriptions and downloads: Atom feeds, iCalendar, CSV and the open-data bundle."""

from django.urls import path

from forums import calendars
from forums import exports as forum_exports
from workplan import exports as workplan_exports
from workplan import feeds, opendata

app_name = "exports"

urlpatterns = [
    path("updates.atom", feeds.PriorityUpdatesFeed(), name="updates-feed"),
    path(
        "work-plans/<slug:slug>/updates.atom",
        feeds.WorkPlanUpdatesFeed(),
        name="workplan-updates-feed",
    ),
    path(
        "work-plans/<slug:slug>/priorities.csv",
        workplan_exports.priorities_csv,
        name="workplan-priorities-csv",
    ),
    path(
        "work-plans/<slug:slug>/changes.csv",
        workplan_exports.changes_csv,
        name="workplan-changes-csv",
    ),
    path(
        "members/<slug:slug>/action-items.csv",
        workplan_exports.member_action_items_csv,
        name="member-action-items-csv",
    ),
    path("calendar.ics", calendars.full_calendar, name="calendar"),
    path("calendars/<int:year>.ics", calendars.year_calendar, name="year-calendar"),
    path(
        "working-groups/<slug:slug>/calendar.ics",
        calendars.working_group_calendar,
        name="working-group-calendar",
    ),
    path("meetings/<slug:slug>/event.ics", calendars.meeting_event, name="meeting-ics"),
    path("forums/<slug:slug>/event.ics", calendars.forum_event, name="forum-ics"),
    path(
        "forums/<slug:slug>/presentations.csv",
        forum_exports.presentations_csv,
        name="forum-presentations-csv",
    ),
    path(
        "forums/<slug:slug>/participants.csv",
        forum_exports.participants_csv,
        name="forum-participants-csv",
    ),
    path(
        "meetings/<slug:slug>/presentations.csv",
        forum_exports.meeting_presentations_csv,
        name="meeting-presentations-csv",
    ),
    path(
        "meetings/<slug:slug>/participants.csv",
        forum_exports.meeting_participants_csv,
        name="meeting-participants-csv",
    ),
    path("open-data.zip", opendata.open_data_bundle, name="open-data"),
]
