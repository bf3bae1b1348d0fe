"""schema.org JSON-LD for meeting and forum pages, so that search engines and registries
read them as events.

It describes what the page shows, from the objects the page's query already loaded
(``meetings_with_programme()``, ``Forum.objects.with_programme()``): no extra query.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from forums.models import Forum
from meetings.models import AttendanceMode, Organisation

SCHEMA_ORG = "https://schema.org"
ATTENDANCE_MODES = {
    AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
# What Django's json_script escapes: no "</script>" or "<!--" can close the element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def organization(party):
    """A government or an agency as a schema.org Organization."""
    data = {"@type": "Organization", "name": party.name}
    if party.abbreviation:
        data["alternateName"] = party.abbreviation
    country = party.country if isinstance(party, Organisation) else party.is_state and party.name
    if country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": country}
    return data


def place(event):
    """The city and country, when the source gives either."""
    if not (event.city or event.country):
        return None
    address = {"@type": "PostalAddress"}
    if event.city:
        address["addressLocality"] = event.city
    if event.country:
        address["addressCountry"] = event.country
    name = ", ".join(part for part in (event.city, event.country) if part)
    return {"@type": "Place", "name": name, "address": address}


def location(event):
    """Where it was held, only as far as the source says: a Place, a VirtualLocation, both
    for a hybrid event; for an event of unknown format, the place if one was recorded."""
    online = {"@type": "VirtualLocation", "name": "Online"}
    if event.attendance_mode == AttendanceMode.ONLINE:
        return online
    where = place(event)
    if event.attendance_mode == AttendanceMode.HYBRID:
        return [where, online] if where else online
    return where


def event_reference(event, request):
    """The few properties by which one event names another (a forum's meeting, and back)."""
    url = request.build_absolute_uri(event.get_absolute_url())
    return {
        "@type": "Event",
        "@id": f"{url}#event",
        "name": event.title,
        "url": url,
        "startDate": event.start_date.isoformat(),
        "endDate": event.end_date.isoformat(),
    }


def presentation_data(presentation):
    presenters = presentation.presenters
    if presentation.title:
        name = presentation.title
    elif presentation.presented_by:
        name = f"{presentation.get_kind_display()} by {presentation.presented_by}"
    else:
        name = str(presentation)
    data = {"@type": "Event", "name": name, "position": presentation.order}
    if presenters:
        performers = [organization(presenter) for presenter in presenters]
        data["performer"] = performers[0] if len(performers) == 1 else performers
    if presentation.summary:
        data["description"] = presentation.summary
    return data


def event_data(event, request):
    """The JSON-LD of a meeting's or a forum's page, as a dict.

    A forum is the `superEvent`'s part only when its dates lie within the meeting's;
    otherwise the two were held alongside each other, and the data says nothing of it.
    """
    data = {"@context": SCHEMA_ORG, **event_reference(event, request)}
    if event.attendance_mode in ATTENDANCE_MODES:
        data["eventAttendanceMode"] = ATTENDANCE_MODES[event.attendance_mode]
    where = location(event)
    if where:
        data["location"] = where
    sub_events = []
    if isinstance(event, Forum):
        description = event.focus
        if event.within_meeting:
            data["superEvent"] = event_reference(event.meeting, request)
    else:
        description = event.summary
        sub_events += [
            event_reference(forum, request) for forum in event.forums.all() if event.contains(forum)
        ]
    sub_events += [presentation_data(item) for item in event.presentations.all()]
    if description:
        data["description"] = description
    organizers = list(dict.fromkeys([*event.hosted_by, *event.chaired_by]))
    if organizers:
        data["organizer"] = [organization(party) for party in organizers]
    if sub_events:
        data["subEvent"] = sub_events
    return data


def event_jsonld_script(event, request):
    """A ``<script type="application/ld+json">`` element, escaped like ``json_script``."""
    payload = json.dumps(event_data(event, request), cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_SCRIPT_ESCAPES)),
    )
