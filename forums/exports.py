"""CSV downloads of an event's programme and of the organisations taking part, for forums
and meetings alike.

Each reads the event through the query of its page, so it holds what the page shows and
nothing more: the officials' names and contacts are never loaded.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from forums.models import Forum, meetings_with_programme
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


def event_programme(queryset, slug):
    return get_object_or_404(queryset, slug=slug)


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
    return presentations_response(event_programme(Forum.objects.with_programme(), slug))


def participants_csv(request, slug):
    return participants_response(event_programme(Forum.objects.with_programme(), slug))


def meeting_presentations_csv(request, slug):
    return presentations_response(event_programme(meetings_with_programme(), slug))


def meeting_participants_csv(request, slug):
    return participants_response(event_programme(meetings_with_programme(), slug))


def party_country(party):
    """The country of an agency (its member state), or of a member that is a state."""
    if hasattr(party, "country"):
        return party.country
    return party.name if party.is_state else ""


def unique(values):
    return list(dict.fromkeys(value for value in values if value))
