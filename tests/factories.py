"""Plain factories for the domain models: tests build the data they need."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Member, Organisation, Process, Source, WorkingGroup
from workplan.models import ActionItem, Priority, PriorityUpdate, WorkPlan


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Example Report {n}")
    slug = factory.Sequence(lambda n: f"example-report-{n}")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        django_get_or_create = ("slug",)

    name = "Bali Process"
    short_name = "Bali Process"
    slug = "bali-process"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"Member State {n}")
    slug = factory.Sequence(lambda n: f"member-state-{n}")
    kind = Member.Kind.MEMBER_STATE


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"National Agency {n}")
    slug = factory.Sequence(lambda n: f"national-agency-{n}")
    kind = Organisation.Kind.GOVERNMENT_AGENCY
    member = factory.SubFactory(MemberFactory)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Working Group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Annual Meeting {n}")
    slug = factory.Sequence(lambda n: f"annual-meeting-{n}")
    start_date = datetime.date(2018, 6, 4)
    end_date = datetime.date(2018, 6, 6)
    attendance_mode = "in_person"
    city = "Colombo"
    country = "Sri Lanka"


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Regional Forum {n}")
    slug = factory.Sequence(lambda n: f"regional-forum-{n}")
    kind = "forum"
    start_date = datetime.date(2018, 6, 4)
    end_date = datetime.date(2018, 6, 5)
    attendance_mode = "in_person"
    city = "Colombo"
    country = "Sri Lanka"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    forum = factory.SubFactory(ForumFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Participant.Role.DELEGATE


class PresentationFactory(factory.django.DjangoModelFactory):
    """``organisation=`` gives the one presenting agency (``organisation=None`` for none);
    ``organisations=`` and ``members=`` give several."""

    class Meta:
        model = Presentation
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory)
    # Not a field: the one presenting agency, set as `organisations` after creation.
    organisation = factory.SubFactory(OrganisationFactory)
    kind = Presentation.Kind.CASE_STUDY
    order = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if extracted is None:
            extracted = [self._organisation] if self._organisation is not None else []
        self.organisations.set(extracted)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        self.members.set(extracted or [])

    @classmethod
    def _create(cls, model_class, *args, organisation=None, **kwargs):
        presentation = super()._create(model_class, *args, **kwargs)
        presentation._organisation = organisation
        return presentation


class WorkPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlan

    """A two-year plan, 2016–17 unless ``start_year``/``end_year`` or the dates say otherwise
    (its period has ended: pass dates around today for a plan in force)."""

    class Params:
        start_year = 2016
        end_year = factory.LazyAttribute(lambda plan: plan.start_year + 1)

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = factory.Sequence(lambda n: f"Example Work Plan {n}")
    slug = factory.Sequence(lambda n: f"work-plan-{2018 + n}")
    start_date = factory.LazyAttribute(lambda plan: datetime.date(plan.start_year, 1, 1))
    end_date = factory.LazyAttribute(lambda plan: datetime.date(plan.end_year, 12, 31))


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    workplan = factory.SubFactory(WorkPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority number {n}")
    slug = factory.Sequence(lambda n: f"priority-{n}")
    progress = 0


class PriorityUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityUpdate

    """An entry as of the day it was recorded, unless ``as_of`` says otherwise."""

    priority = factory.SubFactory(PriorityFactory)
    new_status = "not_started"
    new_progress = None
    recorded_at = factory.LazyFunction(timezone.now)
    as_of = factory.LazyAttribute(
        lambda update: timezone.localdate(
            datetime.datetime.fromisoformat(update.recorded_at)
            if isinstance(update.recorded_at, str)
            else update.recorded_at
        )
    )


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem
        skip_postgeneration_save = True

    priority = factory.SubFactory(PriorityFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Example action item {n}")

    @factory.post_generation
    def lead_members(self, create, extracted, **kwargs):
        self.lead_members.set(extracted or ())

    @factory.post_generation
    def lead_organisations(self, create, extracted, **kwargs):
        self.lead_organisations.set(extracted or ())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=name)[0])
