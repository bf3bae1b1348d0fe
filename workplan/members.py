"""A member's part in the Working Group's work: what it leads, chairs, hosts, presents and
attends, itself or through its organisations (its agencies, or the bodies it is part of)."""

from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce

from forums.models import Forum, Participant, Presentation
from meetings.models import Meeting, Organisation
from workplan.models import ActionItem, Priority
from workplan.paging import SlicePage

EVENT_MODELS = (Meeting, Forum)


def through_member(model, member, organisations, direct, via_organisation):
    """The `model` records of the member itself or of one of its organisations, each once.

    The organisations are given by their ids, so that each side of the condition is read from
    its own index, rather than by joining every record to its organisation to compare that
    organisation's member.
    """
    ids = [organisation.pk for organisation in organisations]
    found = model.objects.filter(Q(**{direct: member}) | Q(**{f"{via_organisation}__in": ids}))
    if any(model._meta.get_field(name).many_to_many for name in (direct, via_organisation)):
        # Joined to its links, a record would come once per matching link.
        return model.objects.filter(pk__in=found.values("pk"))
    return found


# A member of many years leads thousands of items and took part in thousands of events:
# the page shows a page of its items and the latest few of everything else.
ITEMS_PAGE = 50
LATEST = 20


def latest(queryset, limit=LATEST):
    """The first `limit` records, and whether more exist."""
    return SlicePage.of(queryset, None, limit)


class MemberActivity:
    """Everything a member's page shows, in a fixed number of queries and rows however much
    there is."""

    def __init__(self, member, items_page=None):
        self.member = member
        self.organisations = list(member.organisations.all())
        self.action_items = SlicePage.of(
            self.action_items_of(member, self.organisations), items_page, ITEMS_PAGE
        )
        self.priorities = latest(
            through_member(Priority, member, self.organisations, "lead_member", "lead_organisation")
            .with_lead()
            .order_by("-workplan__start_date", "order", "pk"),
            ITEMS_PAGE,
        )
        self.co_chaired = self.events("co_chair_members", "co_chairs")
        self.co_hosted = self.events("co_host_members", "co_hosts")
        self.presentations = latest(
            through_member(Presentation, member, self.organisations, "members", "organisations")
            .select_related("forum", "meeting")
            .prefetch_related(
                "members", Prefetch("organisations", Organisation.objects.select_related("member"))
            )
            .annotate(event_start=Coalesce("forum__start_date", "meeting__start_date"))
            .order_by(F("event_start").desc(), "-order", "-pk")
        )
        participations = latest(
            through_member(Participant, member, self.organisations, "member", "organisation")
            .public()
            .select_related("forum", "meeting", "organisation__member", "member")
            .annotate(event_start=Coalesce("forum__start_date", "meeting__start_date"))
            .order_by(F("event_start").desc(), "-pk"),
            ITEMS_PAGE,
        )
        by_role = {}
        for participation in participations:
            by_role.setdefault(participation.get_role_display(), []).append(participation)
        self.participations = sorted(by_role.items())
        self.more_participations = participations.has_next

    @staticmethod
    def action_items_of(member, organisations):
        """The items the member leads, itself or through its organisations, each once."""
        return (
            through_member(ActionItem, member, organisations, "lead_members", "lead_organisations")
            .with_leads()
            .order_by("-priority__workplan__start_date", "priority__order", "order", "pk")
        )

    def events(self, members_field, organisations_field):
        """The latest meetings and forums the member (or one of its agencies) co-chaired or
        co-hosted."""
        found = []
        for model in EVENT_MODELS:
            found += through_member(
                model, self.member, self.organisations, members_field, organisations_field
            ).order_by("-start_date", "-pk")[: LATEST + 1]
        found.sort(key=lambda event: (event.start_date, event.title), reverse=True)
        return SlicePage(1, found[:LATEST], len(found) > LATEST)

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
