"""Work plans, priorities and their updates as partners read them, and the priority PATCH."""

from rest_framework import serializers

from restapi.links import identity, link
from workplan.models import Priority, PriorityUpdate, Status, WorkPlan


class WorkPlanSerializer(serializers.ModelSerializer):
    url = identity("workplan")
    working_group_url = link("workinggroup", "working_group")
    adopted_at_url = link("meeting", "adopted_at", allow_null=True)
    period = serializers.CharField(read_only=True, help_text='As the sources write it: "2016–17".')

    class Meta:
        model = WorkPlan
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "working_group",
            "working_group_url",
            "start_year",
            "end_year",
            "period",
            "adopted_at",
            "adopted_at_url",
            "summary",
            "updated_at",
        ]


class PrioritySerializer(serializers.ModelSerializer):
    url = identity("priority")
    workplan_url = link("workplan", "workplan")
    lead_organisation_url = link("organisation", "lead_organisation", allow_null=True)
    lead_member_url = link("member", "lead_member", allow_null=True)
    related_forums_urls = link("forum", "related_forums", many=True)
    related_working_groups_urls = link("workinggroup", "related_working_groups", many=True)

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
            "updated_at",
        ]


class PriorityChangeSerializer(serializers.Serializer):
    """A PATCH to a priority: any of status, progress and a note explaining the change."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: ["Not a field that can be changed."] for name in unknown}
            )
        return attrs


class PriorityUpdateSerializer(serializers.ModelSerializer):
    url = identity("priorityupdate")
    priority_url = link("priority", "priority")

    class Meta:
        model = PriorityUpdate
        fields = [
            "id",
            "url",
            "priority",
            "priority_url",
            "old_status",
            "new_status",
            "old_progress",
            "new_progress",
            "note",
            "recorded_at",
            "updated_at",
        ]
