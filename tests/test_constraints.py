"""Integrity lives in the database: each constraint refuses a bad row with a clear message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from forums.models import Participant, Presentation
from meetings.models import Organisation
from tests.factories import (
    ForumFactory,
    MeetingFactory,
    MemberFactory,
    OrganisationFactory,
    ParticipantFactory,
    PresentationFactory,
    PriorityFactory,
    WorkPlanFactory,
)
from workplan.models import Priority, PriorityUpdate, WorkPlan

pytestmark = pytest.mark.django_db


def assert_refused(instance, message):
    """full_clean names the problem, and the database refuses the row even without it."""
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    assert message in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_it_refuses_progress_above_100():
    priority = PriorityFactory.build(workplan=WorkPlanFactory(), progress=150)

    assert_refused(priority, "Ensure this value is less than or equal to 100.")


def test_it_refuses_an_unknown_status():
    priority = PriorityFactory.build(workplan=WorkPlanFactory(), status="finished")

    assert_refused(priority, "Value 'finished' is not a valid choice.")


def test_it_refuses_two_priorities_in_the_same_place_of_a_plan():
    first = PriorityFactory(order=1)
    second = PriorityFactory.build(workplan=first.workplan, order=1)

    assert_refused(second, "Another priority already has this place in the work plan.")


def test_it_refuses_two_priorities_with_the_same_slug_in_a_plan():
    first = PriorityFactory(slug="regional-roadmap")
    second = PriorityFactory.build(workplan=first.workplan, slug="regional-roadmap", order=9)

    assert_refused(second, "Another priority of this work plan already has this slug.")


def test_it_refuses_a_priority_with_two_leads():
    organisation = OrganisationFactory()
    priority = PriorityFactory.build(
        workplan=WorkPlanFactory(), lead_organisation=organisation, lead_member=organisation.member
    )

    assert_refused(priority, "A priority has one lead: an organisation or a member.")


def test_it_refuses_a_work_plan_whose_period_ends_before_it_starts():
    plan = WorkPlanFactory.build(
        working_group=WorkPlanFactory().working_group, start_year=2017, end_year=2016
    )

    assert_refused(plan, "The period cannot end before it starts.")


def test_it_refuses_a_meeting_that_ends_before_it_starts():
    meeting = MeetingFactory.build(
        working_group=MeetingFactory().working_group,
        start_date=datetime.date(2016, 5, 19),
        end_date=datetime.date(2016, 5, 16),
    )

    assert_refused(meeting, "The event cannot end before it starts.")


def test_it_refuses_a_forum_that_ends_before_it_starts():
    forum = ForumFactory.build(
        working_group=ForumFactory().working_group,
        start_date=datetime.date(2016, 5, 17),
        end_date=datetime.date(2016, 5, 16),
    )

    assert_refused(forum, "The event cannot end before it starts.")


def test_it_refuses_an_online_event_with_a_city():
    meeting = MeetingFactory.build(
        working_group=MeetingFactory().working_group, is_online=True, city="Bangkok"
    )

    assert_refused(meeting, "An online event has no city or country.")


def test_it_refuses_negative_participation_figures():
    forum = ForumFactory.build(working_group=ForumFactory().working_group, participants_total=-1)

    with pytest.raises(ValidationError) as error:
        forum.full_clean()
    assert "Ensure this value is greater than or equal to 0." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        forum.save()


def test_it_refuses_duplicate_slugs():
    MeetingFactory(slug="second-annual-meeting-2016")
    meeting = MeetingFactory.build(
        working_group=MeetingFactory().working_group, slug="second-annual-meeting-2016"
    )

    assert_refused(meeting, "Meeting with this Slug already exists.")


def test_it_refuses_a_government_agency_without_its_member_state():
    agency = OrganisationFactory.build(member=None, kind=Organisation.Kind.GOVERNMENT_AGENCY)

    assert_refused(agency, "A government agency belongs to a member state.")


def test_it_refuses_a_participant_at_no_event_or_at_two():
    forum = ForumFactory()
    nowhere = ParticipantFactory.build(forum=None, organisation=OrganisationFactory())
    twice = ParticipantFactory.build(
        forum=forum, meeting=MeetingFactory(), organisation=OrganisationFactory()
    )

    assert_refused(nowhere, "A participant attends exactly one event: a forum or a meeting.")
    assert_refused(twice, "A participant attends exactly one event: a forum or a meeting.")


def test_it_refuses_a_participant_that_is_both_organisation_and_member():
    organisation = OrganisationFactory()
    participant = ParticipantFactory.build(
        forum=ForumFactory(), organisation=organisation, member=organisation.member
    )

    assert_refused(participant, "A participant is either an organisation or a member.")


def test_it_refuses_a_participant_with_an_unknown_role():
    participant = ParticipantFactory.build(
        forum=ForumFactory(), organisation=OrganisationFactory(), role="speaker"
    )

    assert_refused(participant, "Value 'speaker' is not a valid choice.")


def test_it_refuses_two_presentations_in_the_same_place_of_a_programme():
    first = PresentationFactory(order=1)
    second = PresentationFactory.build(
        forum=first.forum, organisation=OrganisationFactory(), order=1
    )

    assert_refused(second, "Another presentation already has this place in the forum's programme.")


def test_it_refuses_history_with_progress_above_100():
    update = PriorityUpdate(priority=PriorityFactory(), new_status="completed", new_progress=101)

    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()


def test_it_protects_history_from_deletion():
    priority = PriorityFactory()
    PriorityUpdate.objects.create(priority=priority, new_status="not_started", new_progress=0)

    with pytest.raises(IntegrityError), transaction.atomic():
        Priority.objects.filter(pk=priority.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkPlan.objects.filter(pk=priority.workplan_id).delete()
    assert PriorityUpdate.objects.filter(priority=priority).count() == 1


def test_it_keeps_a_member_that_organisations_belong_to():
    member = MemberFactory()
    OrganisationFactory(member=member)

    with pytest.raises(IntegrityError), transaction.atomic():
        type(member).objects.filter(pk=member.pk).delete()


def test_it_keeps_participants_and_presentations_with_their_event():
    participant = ParticipantFactory()
    PresentationFactory(forum=participant.forum)

    participant.forum.delete()

    assert (Participant.objects.count(), Presentation.objects.count()) == (0, 0)
