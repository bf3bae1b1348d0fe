"""CSV downloads of a forum's programme and of the organisations taking part.

Both read the forum through the query of its page, so they hold what the page shows and
nothing more: the officials' names and contacts are never loaded.
"""


from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from forums.models import Forum
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


def presentations_csv(request, slug):
    forum = get_object_or_404(Forum.objects.with_programme(), slug=slug)
    rows = (
        (
            presentation.order,
            presentation.get_kind_display(),
            presentation.title,
            presentation.organisation.name,
            presentation.organisation.country,
            presentation.summary,
        )
        for presentation in forum.presentations.all()
    )
    return csv_response(
        f"{forum.slug}-presentations.csv",
        ("Order", "Kind", "Title", "Presenting organisation", "Country", "Summary"),
        rows,
    )


def participants_csv(request, slug):
    forum = get_object_or_404(Forum.objects.with_programme(), slug=slug)
    rows = (
        (
            participant.attendee.name,
            participant.attendee.abbreviation,
            participant_country(participant),
            participant.get_role_display(),
            participant.headcount,
        )
        for participant in forum.participants.all()
    )
    return csv_response(
        f"{forum.slug}-participants.csv",
        ("Organisation", "Abbreviation", "Country", "Role", "Headcount"),
        rows,
    )


def participant_country(participant):
    if participant.organisation_id:
        return participant.organisation.country
    return participant.member.name if participant.member.is_state else ""
