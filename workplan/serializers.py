"""Work plans, priorities and their updates as partners read them, and the priority PATCH."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.serializers import SourceSerializer
from restapi.links import identity, link
from workplan.models import ActionItem, PlanState, Priority, PriorityUpdate, Status, WorkPlan


class WorkPlanSerializer(serializers.ModelSerializer):
    url = identity("workplan")
    working_group_url = link("workinggroup", "working_group")
    adopted_at_url = link("meeting", "adopted_at", allow_null=True)
    period = serializers.CharField(read_only=True, help_text='As the sources write it: "2016–17".')
    start_year = serializers.IntegerField(read_only=True, help_text="The year of `start_date`.")
    end_year = serializers.IntegerField(read_only=True, help_text="The year of `end_date`.")
    state = serializers.ChoiceField(
        choices=PlanState.choices,
        read_only=True,
        help_text="Today: upcoming, in force, ended (its period is over) or superseded.",
    )
    superseded_by_url = link("workplan", "superseded_by", allow_null=True)
    reviewed_at_urls = link("meeting", "reviewed_at", many=True)
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = WorkPlan
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "working_group",
            "working_group_url",
            "start_date",
            "end_date",
            "start_year",
            "end_year",
            "period",
            "state",
            "adopted_at",
            "adopted_at_url",
            "superseded_by",
            "superseded_by_url",
            "reviewed_at",
            "reviewed_at_urls",
            "summary",
            "sources",
            "updated_at",
        ]


class PrioritySerializer(serializers.ModelSerializer):
    url = identity("priority")
    workplan_url = link("workplan", "workplan")
    lead_organisation_url = link("organisation", "lead_organisation", allow_null=True)
    lead_member_url = link("member", "lead_member", allow_null=True)
    related_forums_urls = link("forum", "related_forums", many=True)
    related_working_groups_urls = link("workinggroup", "related_working_groups", many=True)
    continues_url = link("priority", "continues", allow_null=True)
    continued_by_urls = link("priority", "continued_by", many=True)

    class Meta:
        model = Priority
        fields = [
            "id",
            "slug",
            "url",
            "workplan",
            "workplan_url",
            "order",
            "title",
            "description",
            "status",
            "progress",
            "lead_organisation",
            "lead_organisation_url",
            "lead_member",
            "lead_member_url",
            "target_date",
            "related_forums",
            "related_forums_urls",
            "related_working_groups",
            "related_working_groups_urls",
            "continues",
            "continues_url",
            "continued_by",
            "continued_by_urls",
            "updated_at",
        ]
        extra_kwargs = {
            "continues": {"help_text": "The priority of an earlier plan that this one carries on."},
            "continued_by": {"help_text": "The priorities of later plans that carry this one on."},
        }


class LeadSerializer(serializers.Serializer):
    """One lead of an action item: a member or an organisation."""

    type = serializers.ChoiceField(choices=["member", "organisation"])
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField(help_text="The lead's record in the API.")


class LeadsField(serializers.ReadOnlyField):
    """Members first, then organisations, each with its type (prefetched, no query)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)
        self.member_url = link("member", "pk")
        self.organisation_url = link("organisation", "pk")

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.member_url.bind("member_url", parent)
        self.organisation_url.bind("organisation_url", parent)

    def to_representation(self, item):
        leads = []
        for kind, records, url in (
            ("member", item.lead_members.all(), self.member_url),
            ("organisation", item.lead_organisations.all(), self.organisation_url),
        ):
            for record in records:
                leads.append(
                    {
                        "type": kind,
                        "id": record.pk,
                        "name": record.name,
                        "url": url.to_representation(record),
                    }
                )
        return leads


class ActionItemSerializer(serializers.ModelSerializer):
    url = identity("actionitem")
    priority_url = link("priority", "priority")
    workplan = serializers.IntegerField(source="priority.workplan_id", read_only=True)
    leads = extend_schema_field(LeadSerializer(many=True))(LeadsField)(
        help_text="Who leads the item: members first, then organisations."
    )

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "url",
            "priority",
            "priority_url",
            "workplan",
            "order",
            "title",
            "leads",
            "status",
            "progress",
            "target_date",
            "updated_at",
        ]


class PriorityChangeSerializer(serializers.Serializer):
    """A PATCH to a priority: any of status, progress and a note explaining the change, and
    the day the state held."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    progress = serializers.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        help_text="Per cent done; null records that no figure was reported.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    as_of = serializers.DateField(
        required=False,
        help_text=(
            "The day the state held (YYYY-MM-DD), e.g. the day it was reported at a meeting; "
            "today if not given. Never in the future, never before the plan was adopted. A "
            "back-dated entry takes its place in the history and never overwrites a newer state."
        ),
    )

    def validate_as_of(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError("The date cannot be in the future.")
        return value

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: ["Not a field that can be changed."] for name in unknown}
            )
        return attrs


class ActionItemChangeSerializer(PriorityChangeSerializer):
    """A PATCH to an action item: as to a priority."""


class PriorityUpdateSerializer(serializers.ModelSerializer):
    url = identity("priorityupdate")
    priority_url = link("priority", "priority")
    action_item_url = link("actionitem", "action_item", allow_null=True)
    meeting_url = link("meeting", "meeting", allow_null=True)
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = PriorityUpdate
        fields = [
            "id",
            "url",
            "priority",
            "priority_url",
            "action_item",
            "action_item_url",
            "old_status",
            "new_status",
            "old_progress",
            "new_progress",
            "note",
            "as_of",
            "recorded_at",
            "meeting",
            "meeting_url",
            "sources",
            "updated_at",
        ]


class RollUpSerializer(serializers.Serializer):
    mean = serializers.IntegerField(
        allow_null=True, help_text="Mean progress, in per cent; null when no figure counts."
    )
    reported = serializers.IntegerField(help_text="Priorities counted that report progress.")
    unreported = serializers.IntegerField(
        help_text="Priorities counted whose progress is not reported."
    )
    method = serializers.CharField(help_text="How the figure was worked out, in words.")


class StateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    progress = serializers.IntegerField(allow_null=True)


class PriorityChangeRowSerializer(serializers.ModelSerializer):
    """One priority between the two points: its state at each, what moved, the entries."""

    url = identity("priority")
    state_from = serializers.SerializerMethodField(help_text="Null when adopted in between.")
    state_to = serializers.SerializerMethodField()
    newly_adopted = serializers.BooleanField(source="movement.newly_adopted")
    status_changed = serializers.BooleanField(source="movement.status_changed")
    progress_points = serializers.IntegerField(
        source="movement.progress_points",
        allow_null=True,
        help_text="The change in progress in points; null unless both ends report a figure.",
    )
    movement = serializers.ChoiceField(
        source="movement.kind",
        choices=["newly_adopted", "moved", "unchanged"],
        help_text="newly_adopted, moved (status or progress) or unchanged.",
    )
    what_moved = serializers.CharField(source="movement", help_text="What moved, in words.")
    updates = PriorityUpdateSerializer(
        source="updates_between", many=True, help_text="The entries in between, oldest first."
    )

    class Meta:
        model = Priority
        fields = [
            "id",
            "url",
            "order",
            "title",
            "state_from",
            "state_to",
            "newly_adopted",
            "status_changed",
            "progress_points",
            "movement",
            "what_moved",
            "updates",
        ]

    @extend_schema_field(StateSerializer(allow_null=True))
    def get_state_from(self, priority):
        if priority.status_from is None:
            return None
        return {"status": priority.status_from, "progress": priority.progress_from}

    @extend_schema_field(StateSerializer)
    def get_state_to(self, priority):
        return {"status": priority.status, "progress": priority.progress}


class PlanChangesSerializer(serializers.Serializer):
    """A work plan between two days: the state of each priority at the end of each, what
    moved, and the roll-up at both ends."""

    def get_fields(self):
        return {
            "workplan": serializers.IntegerField(source="plan.pk"),
            "workplan_url": link("workplan", "plan"),
            "from": serializers.DateField(
                source="start", help_text="The start: the state at the end of this day."
            ),
            "to": serializers.DateField(
                source="end", help_text="The end: the state at the end of this day."
            ),
            "roll_up_from": RollUpSerializer(),
            "roll_up_to": RollUpSerializer(),
            "priorities": PriorityChangeRowSerializer(many=True),
        }
