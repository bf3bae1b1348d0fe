"""What partners can be told about: the event types, and each event's body.

An event's `data` is the record as the API shows it (GET on the record, with its `url`),
built by the API's own viewset and serializer, or the deletion record of `/deletions/`.
"""

from dataclasses import dataclass
from datetime import UTC
from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string
from rest_framework.renderers import JSONRenderer


@dataclass(frozen=True)
class Source:
    """A kind of record that sends `<name>.created` and `<name>.updated`."""

    model: str  # "app_label.model_name"
    name: str
    viewset: str  # the API's viewset for the record: its queryset and serializer


# One line per kind of record; a new kind (e.g. action items) is one more line.
SOURCES = (
    Source("meetings.meeting", "meeting", "meetings.api.MeetingViewSet"),
    Source("forums.forum", "forum", "forums.api.ForumViewSet"),
    Source("workplan.workplan", "workplan", "workplan.api.WorkPlanViewSet"),
    Source("workplan.priority", "priority", "workplan.api.PriorityViewSet"),
    Source("workplan.actionitem", "action_item", "workplan.api.ActionItemViewSet"),
)
SOURCES_BY_MODEL = {source.model: source for source in SOURCES}

RECORD_DELETED = "record.deleted"
DELETIONS_VIEWSET = "sync.api.DeletionViewSet"

VERB_LABELS = {"created": "created", "updated": "changed"}


def event_type_choices():
    """Every event type a subscription can ask for, as (name, label)."""
    choices = [
        (f"{source.name}.{verb}", f"{source.name.replace('_', ' ').capitalize()} {label}")
        for source in SOURCES
        for verb, label in VERB_LABELS.items()
    ]
    return [*choices, (RECORD_DELETED, "Record deleted (any resource of the API)")]


def event_types():
    return [name for name, _ in event_type_choices()]


class SiteRequest(HttpRequest):
    """A request to the site's own address: the serializers build absolute record URLs
    from it, as they do from a partner's request."""

    def build_absolute_uri(self, location=None):
        return urljoin(settings.SITE_URL + "/", location or "")


def record_data(viewset_path, pk):
    """The record as GET on it shows it, or None if the API does not show it."""
    view = import_string(viewset_path)(
        request=SiteRequest(), format_kwarg=None, action="retrieve", args=(), kwargs={}
    )
    record = view.get_queryset().filter(pk=pk).first()
    if record is None:
        return None
    return view.get_serializer(record).data


def body(event_type, moment, data):
    """The JSON body of an event: {type, timestamp, data}, as the API renders JSON."""
    envelope = {
        "type": event_type,
        "timestamp": moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    return JSONRenderer().render(envelope).decode()
