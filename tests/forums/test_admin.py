"""The secretariat's pages for forums, their presentations and their participants."""

import pytest
from django.urls import reverse

from forums.models import Forum, Participant, Presentation
from tests.factories import (
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    UserFactory,
    WorkingGroupFactory,
)
from tests.officers import SECOND_FACTOR_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = UserFactory(groups=["Secretariat"])
    client.force_login(user)
    return user


def inline_management(prefix, total, initial=0):
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial}


def test_it_adds_a_forum_with_its_programme_and_attendance_in_one_page(client, officer):
    group = WorkingGroupFactory()
    police, ministry = OrganisationFactory(), OrganisationFactory()

    response = client.post(
        reverse("admin:forums_forum_add"),
        {
            "kind": "forum",
            "working_group": group.pk,
            "title": "Following the Money",
            "slug": "following-the-money",
            "start_date": "2016-05-17",
            "end_date": "2016-05-17",
            "attendance_mode": "in_person",
            "city": "Bangkok",
            "country": "Thailand",
            "participants_total": 80,
            **inline_management("Forum_sources", 0),
            **inline_management("presentations", 2),
            "presentations-0-order": 1,
            "presentations-0-kind": "case_study",
            "presentations-0-organisations": [police.pk, ministry.pk],
            "presentations-1-order": 2,
            "presentations-1-kind": "presentation",
            "presentations-1-presenter_role": "Working Group Co-Chairs",
            **inline_management("participants", 1),
            "participants-0-organisation": ministry.pk,
            "participants-0-role": "co_host",
            "participants-0-individual_names": "A. Officer",
            "participants-0-individual_contacts": "a.officer@example.org",
        },
    )

    assert response.status_code == 302
    forum = Forum.objects.get()
    assert [
        (p.forum_id, p.meeting_id, p.order, sorted(o.pk for o in p.presenters), p.presenter_role)
        for p in Presentation.objects.order_by("order")
    ] == [
        (forum.pk, None, 1, sorted([police.pk, ministry.pk]), ""),
        (forum.pk, None, 2, [], "Working Group Co-Chairs"),
    ]
    assert list(
        Participant.objects.values_list(
            "forum", "meeting", "organisation", "role", "individual_names", "individual_contacts"
        )
    ) == [(forum.pk, None, ministry.pk, "co_host", "A. Officer", "a.officer@example.org")]


def test_it_shows_the_private_names_and_contacts_in_admin(client, officer):
    participant = ParticipantFactory(
        individual_names="A. Officer", individual_contacts="a.officer@example.org"
    )

    forum_page = client.get(reverse("admin:forums_forum_change", args=[participant.forum_id]))
    participant_page = client.get(reverse("admin:forums_participant_change", args=[participant.pk]))

    for page in (forum_page, participant_page):
        html = page.content.decode()
        assert ("A. Officer" in html, "a.officer@example.org" in html) == (True, True)


def test_it_refuses_a_presentation_at_two_events(client, officer):
    forum, meeting = ForumFactory(), MeetingFactory()

    response = client.post(
        reverse("admin:forums_presentation_add"),
        {
            "forum": forum.pk,
            "meeting": meeting.pk,
            "order": 1,
            "kind": "keynote",
            "organisations": [OrganisationFactory().pk],
        },
    )

    assert response.context["adminform"].form.non_field_errors() == [
        "A presentation belongs to exactly one event: a forum or a meeting."
    ]
    assert not Presentation.objects.exists()


def forums(count):
    for _ in range(count):
        forum = ForumFactory(meeting=MeetingFactory())
        ParticipantFactory(forum=forum)
        PresentationFactory(forum=forum)


def participants(count):
    forum = ForumFactory()
    for _ in range(count):
        ParticipantFactory(forum=forum)


def presentations(count):
    meeting = MeetingFactory()
    for _ in range(count):
        PresentationFactory(forum=None, meeting=meeting, members=[MemberFactory()])


LISTS = {
    # Session, user, permissions (2), the working groups and countries for the filters,
    # count, full count, the forums with group and counts, the first and last dates and
    # the years for the date hierarchy.
    "forum": (forums, 11 + SECOND_FACTOR_QUERIES),
    # Session, user, permissions (2), the forums and meetings for the filters, count,
    # full count, the participants with their event and attendee.
    "participant": (participants, 9 + SECOND_FACTOR_QUERIES),
    # Session, user, permissions (2), the forums and meetings for the filters, count,
    # full count, the presentations with their event, their organisations and members.
    "presentation": (presentations, 11 + SECOND_FACTOR_QUERIES),
}


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize("model", LISTS)
def test_it_lists_in_the_same_number_of_queries_for_any_number(
    client, officer, django_assert_num_queries, model, rows
):
    build, queries = LISTS[model]
    build(rows)

    with django_assert_num_queries(queries):
        response = client.get(reverse(f"admin:forums_{model}_changelist"))

    assert len(response.context["cl"].result_list) == rows
