"""Meetings and forums as iCalendar (RFC 5545): a calendar to subscribe to, one per working
group, one per year for the archive, and one file per event for "Add to calendar".

The calendars to subscribe to hold the upcoming events and those of the last two years
(`RECENT_YEARS`), so that they keep their size however long the archive grows; the older
events are in the calendar of their year.
"""

import datetime
import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from forums.models import Forum
from meetings.models import AttendanceMode, Meeting, WorkingGroup

PRODID = "-//Bali Process Working Group on Trafficking in Persons//Work Plan Tracker//EN"
# UIDs come from the record, not from the host name the calendar was fetched through, so that
# a calendar application recognises an event it already holds (RFC 7986 recommends a UUID).
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "work-plan-tracker:events")
ONE_DAY = datetime.timedelta(days=1)
RECENT_YEARS = 2


def recent_since(today=None):
    """The first day of the subscription calendars' window: the same day two years ago."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - RECENT_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - RECENT_YEARS, day=28)


def event_uid(event):
    return str(uuid.uuid5(UID_NAMESPACE, f"{event._meta.label_lower}/{event.pk}"))


def event_category(event):
    return event.get_kind_display()


def event_description(event, url):
    """The event's focus or summary, how it was held when that is online or hybrid (a
    calendar's LOCATION holds a place only), and its page."""
    about = event.focus if isinstance(event, Forum) else event.summary
    held = {
        AttendanceMode.ONLINE: "Held online.",
        AttendanceMode.HYBRID: "Held in person and online.",
    }.get(event.attendance_mode, "")
    return "\n\n".join(part for part in (about, held, url) if part)


def event_location(event):
    """The city and country, when the source gives either; nothing for an online event."""
    if event.attendance_mode == AttendanceMode.ONLINE:
        return ""
    return ", ".join(part for part in (event.city, event.country) if part)


def event_component(event, request):
    """One VEVENT: an all-day span from the first day to the day after the last."""
    url = request.build_absolute_uri(event.get_absolute_url())
    component = CalendarEvent()
    component.add("uid", event_uid(event))
    # The calendar is a published copy of the record: its stamp is the record's last change,
    # so that an unchanged event reads the same on every fetch.
    component.add("dtstamp", event.updated_at)
    component.add("last-modified", event.updated_at)
    component.add("created", event.created_at)
    component.add("summary", event.title)
    component.add("dtstart", event.start_date)
    component.add("dtend", event.end_date + ONE_DAY)
    if event_location(event):
        component.add("location", event_location(event))
    component.add("description", event_description(event, url))
    component.add("url", url)
    component.add("categories", [event_category(event)])
    # Most subscribers follow the events without attending: they should not block their time.
    component.add("transp", "TRANSPARENT")
    return component


def build_calendar(events, request, *, name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    # The name most calendar applications read.
    calendar.add("x-wr-calname", name)
    for event in sorted(events, key=lambda event: (event.start_date, event.end_date, event.title)):
        calendar.add_component(event_component(event, request))
    return calendar


def calendar_response(calendar, *, filename=None):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def full_calendar(request):
    since = recent_since()
    events = [
        *Meeting.objects.filter(end_date__gte=since).latest_first(),
        *Forum.objects.filter(end_date__gte=since).latest_first(),
    ]
    name = "Bali Process Working Group meetings and forums"
    return calendar_response(build_calendar(events, request, name=name))


def year_calendar(request, year):
    """Every meeting and forum held (at least partly) in the year: the archive."""
    if not 1 <= year <= 9999:
        raise Http404("No such year.")
    events = [
        *Meeting.objects.held_in_year(year).latest_first(),
        *Forum.objects.held_in_year(year).latest_first(),
    ]
    name = f"Bali Process Working Group meetings and forums, {year}"
    return calendar_response(build_calendar(events, request, name=name))


def working_group_calendar(request, slug):
    group = get_object_or_404(WorkingGroup, slug=slug)
    since = recent_since()
    events = [
        *Meeting.objects.filter(working_group=group, end_date__gte=since).latest_first(),
        *Forum.objects.filter(working_group=group, end_date__gte=since).latest_first(),
    ]
    name = f"{group.short_name or group.name}: meetings and forums"
    return calendar_response(build_calendar(events, request, name=name))


def meeting_event(request, slug):
    meeting = get_object_or_404(Meeting, slug=slug)
    calendar = build_calendar([meeting], request, name=meeting.title)
    return calendar_response(calendar, filename=f"{meeting.slug}.ics")


def forum_event(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    calendar = build_calendar([forum], request, name=forum.title)
    return calendar_response(calendar, filename=f"{forum.slug}.ics")
