"""A member's part in the Working Group's work: what it leads, chairs, hosts, presents and
attends, itself or through its organisations (its agencies, or the bodies it is part of)."""

from django.db.models import Prefetch, Q

from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Organisation
from workplan.models import ActionItem, Priority

EVENT_MODELS = (Meeting, Forum)


def through_member(member, direct, via_organisation):
    """The condition "the member itself, or one of its organisations"."""
    return Q(**{direct: member}) | Q(**{f"{via_organisation}__member": member})


class MemberActivity:
    """Everything a member's page shows, in a fixed number of queries however much there is."""

    def __init__(self, member):
        self.member = member
        self.organisations = list(member.organisations.all())
        self.action_items = list(self.action_items_of(member))
        self.priorities = list(
            Priority.objects.filter(through_member(member, "lead_member", "lead_organisation"))
            .with_lead()
            .order_by("-workplan__start_date", "order", "pk")
        )
        self.co_chaired = self.events("co_chair_members", "co_chairs")
        self.co_hosted = self.events("co_host_members", "co_hosts")
        self.presentations = list(
            Presentation.objects.filter(
                pk__in=Presentation.objects.filter(
                    through_member(member, "members", "organisations")
                ).values("pk")
            )
            .select_related("forum", "meeting")
            .prefetch_related(
                "members", Prefetch("organisations", Organisation.objects.select_related("member"))
            )
            .order_by("pk")
        )
        self.presentations.sort(key=lambda p: (p.event.start_date, p.order), reverse=True)
        participations = (
            Participant.objects.public()
            .filter(through_member(member, "member", "organisation"))
            .select_related("forum", "meeting", "organisation__member", "member")
        )
        by_role = {}
        for participation in sorted(participations, key=lambda p: p.event.start_date, reverse=True):
            by_role.setdefault(participation.get_role_display(), []).append(participation)
        self.participations = sorted(by_role.items())

    @staticmethod
    def action_items_of(member):
        """The items the member leads, itself or through its organisations, each once."""
        led = ActionItem.objects.filter(
            through_member(member, "lead_members", "lead_organisations")
        )
        return (
            ActionItem.objects.filter(pk__in=led.values("pk"))
            .with_leads()
            .order_by("-priority__workplan__start_date", "priority__order", "order", "pk")
        )

    def events(self, members_field, organisations_field):
        """Meetings and forums the member (or one of its agencies) co-chaired or co-hosted,
        latest first."""
        condition = through_member(self.member, members_field, organisations_field)
        found = []
        for model in EVENT_MODELS:
            found += model.objects.filter(
                pk__in=model.objects.filter(condition).values("pk")
            ).order_by()
        return sorted(found, key=lambda event: (event.start_date, event.title), reverse=True)

    @property
    def is_empty(self):
        return not any(
            (
                self.action_items,
                self.priorities,
                self.co_chaired,
                self.co_hosted,
                self.presentations,
                self.participations,
            )
        )
