"""schema.org JSON-LD for meeting and forum pages, so that search engines and registries
read them as events.

It describes what the page shows, from the objects the page's query already loaded
(``Meeting.objects.with_details()``, ``Forum.objects.with_programme()``): no extra query.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from forums.models import Forum

SCHEMA_ORG = "https://schema.org"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
# What Django's json_script escapes: no "</script>" or "<!--" can close the element early.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def organization(organisation):
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.abbreviation:
        data["alternateName"] = organisation.abbreviation
    if organisation.country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": organisation.country}
    return data


def location(event):
    if event.is_online:
        return {"@type": "VirtualLocation", "name": "Online"}
    if not event.place:
        return None
    address = {"@type": "PostalAddress"}
    if event.city:
        address["addressLocality"] = event.city
    if event.country:
        address["addressCountry"] = event.country
    return {"@type": "Place", "name": event.place, "address": address}


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
    data = {
        "@type": "Event",
        "name": str(presentation),
        "position": presentation.order,
        "performer": organization(presentation.organisation),
    }
    if presentation.summary:
        data["description"] = presentation.summary
    return data


def event_data(event, request):
    """The JSON-LD of a meeting's or a forum's page, as a dict."""
    data = {"@context": SCHEMA_ORG, **event_reference(event, request)}
    data["eventAttendanceMode"] = ONLINE if event.is_online else OFFLINE
    place = location(event)
    if place:
        data["location"] = place
    if isinstance(event, Forum):
        description, organizers = event.focus, event.co_hosts.all()
        if event.meeting_id:
            data["superEvent"] = event_reference(event.meeting, request)
        sub_events = [presentation_data(item) for item in event.presentations.all()]
    else:
        description, organizers = event.summary, event.co_chairs.all()
        sub_events = [event_reference(forum, request) for forum in event.forums.all()]
    if description:
        data["description"] = description
    if organizers:
        data["organizer"] = [organization(organisation) for organisation in organizers]
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
