"""Integrity lives in the database: each constraint refuses a bad row with a clear message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

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
    PriorityUpdateFactory,
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
        working_group=WorkPlanFactory().working_group,
        start_date=datetime.date(2017, 1, 1),
        end_date=datetime.date(2016, 12, 31),
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


@pytest.mark.parametrize(("city", "country"), [("Bangkok", ""), ("", "Thailand")])
def test_it_refuses_an_online_meeting_with_a_place(city, country):
    meeting = MeetingFactory.build(
        working_group=MeetingFactory().working_group,
        attendance_mode="online",
        city=city,
        country=country,
    )

    assert_refused(meeting, "An online event has no city or country.")


def test_it_refuses_an_online_forum_with_a_place():
    forum = ForumFactory.build(
        working_group=ForumFactory().working_group, attendance_mode="online", city="Bangkok"
    )

    assert_refused(forum, "An online event has no city or country.")


def test_it_keeps_the_place_of_a_hybrid_event():
    meeting = MeetingFactory(attendance_mode="hybrid", city="Bangkok", country="Thailand")
    forum = ForumFactory(attendance_mode="hybrid", city="Bangkok", country="Thailand")

    meeting.full_clean()
    forum.full_clean()
    meeting.refresh_from_db()
    forum.refresh_from_db()

    assert [(e.attendance_mode, e.city, e.country, e.place) for e in (meeting, forum)] == [
        ("hybrid", "Bangkok", "Thailand", "Bangkok, Thailand and online")
    ] * 2


def test_it_keeps_the_place_of_an_event_whose_format_is_not_recorded():
    # A source may say where an event was held but not how: the place is kept and shown,
    # and no format is published.
    forum = ForumFactory(attendance_mode="unknown", city="Bangkok", country="Thailand")

    forum.full_clean()
    forum.refresh_from_db()

    assert (forum.place, forum.format_known) == ("Bangkok, Thailand", False)


def test_an_event_whose_format_is_not_given_is_of_unknown_format():
    meeting = MeetingFactory.build(working_group=MeetingFactory().working_group)
    bare = type(meeting)(
        working_group=meeting.working_group,
        title="Example meeting",
        slug="example-meeting",
        start_date=meeting.start_date,
        end_date=meeting.end_date,
    )

    bare.full_clean()

    assert (bare.attendance_mode, bare.place, bare.format_known) == ("unknown", "", False)


@pytest.mark.parametrize("factory", [MeetingFactory, ForumFactory])
def test_it_refuses_an_unknown_attendance_mode(factory):
    event = factory.build(working_group=factory().working_group, attendance_mode="virtual")

    assert_refused(event, "Value 'virtual' is not a valid choice.")


@pytest.mark.parametrize("factory", [MeetingFactory, ForumFactory])
def test_it_refuses_an_unknown_kind_of_event(factory):
    event = factory.build(working_group=factory().working_group, kind="gala")

    assert_refused(event, "Value 'gala' is not a valid choice.")


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


@pytest.mark.parametrize(
    ("event_type", "attendee_type"),
    [
        ("forum", "organisation"),
        ("forum", "member"),
        ("meeting", "organisation"),
        ("meeting", "member"),
    ],
)
def test_it_refuses_the_same_attendee_twice_in_the_same_role_at_an_event(event_type, attendee_type):
    event = ForumFactory() if event_type == "forum" else MeetingFactory()
    attendee = OrganisationFactory() if attendee_type == "organisation" else MemberFactory()
    at_event = {"forum": None, event_type: event}
    by_attendee = {"organisation": None, attendee_type: attendee}
    ParticipantFactory(**at_event, **by_attendee, role="delegate")
    ParticipantFactory(**at_event, **by_attendee, role="presenter")
    twice = ParticipantFactory.build(**at_event, **by_attendee, role="delegate")

    assert_refused(twice, f"This {attendee_type} already has this role at the {event_type}.")


def test_it_refuses_two_presentations_in_the_same_place_of_a_programme():
    first = PresentationFactory(order=1)
    second = Presentation(forum=first.forum, kind="case_study", order=1)

    assert_refused(second, "Another presentation already has this place in the forum's programme.")


def test_it_refuses_two_presentations_in_the_same_place_of_a_meetings_programme():
    meeting = MeetingFactory()
    Presentation.objects.create(meeting=meeting, kind="presentation", order=1)
    second = Presentation(meeting=meeting, kind="presentation", order=1)

    assert_refused(
        second, "Another presentation already has this place in the meeting's programme."
    )


def test_it_accepts_a_presentation_by_several_members_or_by_a_role_alone():
    forum = ForumFactory()
    joint = PresentationFactory(
        forum=forum,
        organisations=[],
        members=[MemberFactory(name="Example State A"), MemberFactory(name="Example State B")],
        order=1,
    )
    by_role = Presentation(forum=forum, order=2, presenter_role="Working Group Co-Chairs")

    by_role.full_clean()
    by_role.save()

    assert (joint.presented_by, by_role.presented_by) == (
        "Example State A, Example State B",
        "Working Group Co-Chairs",
    )


def test_it_accepts_a_priority_whose_progress_is_not_reported():
    priority = PriorityFactory.build(
        workplan=WorkPlanFactory(), status="in_progress", progress=None
    )

    priority.full_clean()
    priority.save()
    priority.refresh_from_db()

    assert (priority.status, priority.progress) == ("in_progress", None)


def test_it_accepts_an_entry_with_a_note_and_no_progress_figure():
    update = PriorityUpdateFactory.build(
        priority=PriorityFactory(), new_status="in_progress", new_progress=None, note="Under way."
    )

    update.full_clean()
    update.save()
    update.refresh_from_db()

    assert (update.new_status, update.new_progress, update.change_display) == (
        "in_progress",
        None,
        "In progress, progress not reported",
    )


def test_it_refuses_an_entry_dated_in_the_future():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    update = PriorityUpdateFactory.build(priority=PriorityFactory(), as_of=tomorrow)

    with pytest.raises(ValidationError) as error:
        update.full_clean()

    assert error.value.message_dict == {"as_of": ["The date cannot be in the future."]}


def test_it_refuses_an_entry_dated_before_the_plan_was_adopted():
    meeting = MeetingFactory(
        start_date=datetime.date(2018, 6, 4), end_date=datetime.date(2018, 6, 6)
    )
    plan = WorkPlanFactory(
        working_group=meeting.working_group,
        adopted_at=meeting,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    priority = PriorityFactory(workplan=plan)
    early = PriorityUpdateFactory.build(priority=priority, as_of=datetime.date(2018, 6, 5))
    on_the_day = PriorityUpdateFactory.build(priority=priority, as_of=datetime.date(2018, 6, 6))

    with pytest.raises(ValidationError) as error:
        early.full_clean()
    on_the_day.full_clean()

    assert error.value.message_dict == {
        "as_of": ["The date cannot be before the plan was adopted, on 6 June 2018."]
    }


def test_it_refuses_an_entry_dated_before_the_period_of_a_plan_adopted_nowhere_recorded():
    plan = WorkPlanFactory(
        start_date=datetime.date(2018, 1, 1), end_date=datetime.date(2019, 12, 31)
    )
    early = PriorityUpdateFactory.build(
        priority=PriorityFactory(workplan=plan), as_of=datetime.date(2017, 12, 31)
    )

    with pytest.raises(ValidationError) as error:
        early.full_clean()

    assert error.value.message_dict == {
        "as_of": ["The date cannot be before the plan was adopted, on 1 January 2018."]
    }


def test_it_refuses_two_plans_of_one_working_group_in_force_on_the_same_day():
    earlier = WorkPlanFactory(
        title="Work Plan 2018–19",
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    overlapping = WorkPlanFactory.build(
        working_group=earlier.working_group,
        title="Work Plan 2019–20",
        slug="work-plan-2019-20",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )

    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()

    assert error.value.message_dict == {
        "start_date": [
            "Work Plan 2018–19 of the same working group is in force from 1 January 2018 to "
            "31 December 2019: two plans cannot be in force on the same day. Change the "
            "periods, or mark the earlier plan as superseded by the later one."
        ]
    }


def test_it_accepts_overlapping_plans_of_different_working_groups_or_one_superseding_another():
    earlier = WorkPlanFactory(
        start_date=datetime.date(2018, 1, 1), end_date=datetime.date(2019, 12, 31)
    )
    elsewhere = WorkPlanFactory.build(
        working_group=WorkPlanFactory().working_group,
        slug="work-plan-elsewhere",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    later = WorkPlanFactory(
        working_group=earlier.working_group,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    earlier.superseded_by = later

    elsewhere.full_clean()
    earlier.full_clean()
    earlier.save()
    later.full_clean()

    assert (earlier.in_force_until, earlier.state_on(datetime.date(2019, 6, 1))) == (
        datetime.date(2018, 12, 31),
        "superseded",
    )


def test_it_refuses_a_plan_superseded_by_an_earlier_plan_or_another_groups():
    plan = WorkPlanFactory(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 12, 31)
    )
    earlier = WorkPlanFactory(
        working_group=plan.working_group,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    other_group = WorkPlanFactory(
        start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2023, 12, 31)
    )

    plan.superseded_by = earlier
    with pytest.raises(ValidationError) as backwards:
        plan.full_clean()
    plan.superseded_by = other_group
    with pytest.raises(ValidationError) as elsewhere:
        plan.full_clean()

    assert backwards.value.message_dict == {
        "superseded_by": ["A plan is superseded by a later plan."]
    }
    assert elsewhere.value.message_dict == {
        "superseded_by": ["A plan is superseded by a plan of the same working group."]
    }


@pytest.fixture
def two_plans():
    earlier = WorkPlanFactory(
        start_date=datetime.date(2018, 1, 1), end_date=datetime.date(2019, 12, 31)
    )
    later = WorkPlanFactory(
        working_group=earlier.working_group,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    return earlier, later


def test_a_priority_continues_a_priority_of_an_earlier_plan_of_the_same_working_group(two_plans):
    earlier, later = two_plans
    first = PriorityFactory(workplan=earlier)
    continued = PriorityFactory.build(workplan=later, continues=first)

    continued.full_clean()
    continued.save()

    assert list(first.continued_by.all()) == [continued]


def test_it_refuses_a_priority_continuing_one_of_a_later_or_the_same_plan(two_plans):
    earlier, later = two_plans
    later_priority = PriorityFactory(workplan=later)
    same_plan = PriorityFactory(workplan=earlier)
    backwards = PriorityFactory.build(workplan=earlier, continues=later_priority)
    sideways = PriorityFactory.build(workplan=earlier, continues=same_plan)

    for priority in (backwards, sideways):
        with pytest.raises(ValidationError) as error:
            priority.full_clean()
        assert error.value.message_dict == {
            "continues": ["A priority continues a priority of an earlier plan."]
        }


def test_it_refuses_a_priority_continuing_one_of_another_working_group(two_plans):
    later = two_plans[1]
    elsewhere = PriorityFactory(
        workplan=WorkPlanFactory(
            start_date=datetime.date(2016, 1, 1), end_date=datetime.date(2017, 12, 31)
        )
    )
    priority = PriorityFactory.build(workplan=later, continues=elsewhere)

    with pytest.raises(ValidationError) as error:
        priority.full_clean()

    assert error.value.message_dict == {
        "continues": ["A priority continues a priority of the same working group."]
    }


def test_it_refuses_a_priority_continuing_itself(two_plans):
    priority = PriorityFactory(workplan=two_plans[0])
    priority.continues = priority

    with pytest.raises(ValidationError) as error:
        priority.full_clean()

    assert error.value.message_dict == {"continues": ["A priority cannot continue itself."]}


def test_it_refuses_history_with_progress_above_100():
    update = PriorityUpdate(priority=PriorityFactory(), new_status="completed", new_progress=101)

    with pytest.raises(IntegrityError), transaction.atomic():
        update.save()


def test_it_protects_history_from_deletion():
    priority = PriorityFactory()
    PriorityUpdate.objects.create(priority=priority, new_status="not_started", new_progress=None)

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
