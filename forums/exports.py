"""CSV downloads of an event's programme and of the organisations taking part, for forums
and meetings alike.

Each reads the participants or presentations with the prefetch of the event's page, so it
holds what the page shows and nothing more: the officials' names and contacts are never
loaded.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from forums.models import Forum, programme_prefetches
from meetings.models import Meeting
from restapi import csvfiles


def csv_response(filename, header, rows):
    """A CSV download that spreadsheets open as UTF-8: the byte order mark tells them."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csvfiles.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def event_with(model, slug, part):
    """The event with its participants or its presentations, as its page reads them."""
    participants, presentations = programme_prefetches()
    prefetch = {"participants": participants, "presentations": presentations}[part]
    return get_object_or_404(model.objects.prefetch_related(prefetch), slug=slug)


def presentations_rows(event):
    return (
        (
            presentation.order,
            presentation.get_kind_display(),
            presentation.title,
            "; ".join(presenter.name for presenter in presentation.presenters),
            presentation.presenter_role,
            "; ".join(unique(party_country(presenter) for presenter in presentation.presenters)),
            presentation.summary,
        )
        for presentation in event.presentations.all()
    )


def presentations_response(event):
    return csv_response(
        f"{event.slug}-presentations.csv",
        ("Order", "Kind", "Title", "Presenters", "Presenter's role", "Country", "Summary"),
        presentations_rows(event),
    )


def participants_response(event):
    rows = (
        (
            participant.attendee.name,
            participant.attendee.abbreviation,
            party_country(participant.attendee),
            participant.get_role_display(),
            participant.headcount,
        )
        for participant in event.participants.all()
    )
    return csv_response(
        f"{event.slug}-participants.csv",
        ("Organisation", "Abbreviation", "Country", "Role", "Headcount"),
        rows,
    )


def presentations_csv(request, slug):
    return presentations_response(event_with(Forum, slug, "presentations"))


def participants_csv(request, slug):
    return participants_response(event_with(Forum, slug, "participants"))


def meeting_presentations_csv(request, slug):
    return presentations_response(event_with(Meeting, slug, "presentations"))


def meeting_participants_csv(request, slug):
    return participants_response(event_with(Meeting, slug, "participants"))


def party_country(party):
    """The country of an agency (its member state), or of a member that is a state."""
    if hasattr(party, "country"):
        return party.country
    return party.name if party.is_state else ""


def unique(values):
    return list(dict.fromkeys(value for value in values if value))
