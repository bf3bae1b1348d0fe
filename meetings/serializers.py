"""Members, organisations, working groups and meetings as partners read them."""

from rest_framework import serializers

from meetings.models import Meeting, Member, Organisation, WorkingGroup
from restapi.links import identity, link


class MemberSerializer(serializers.ModelSerializer):
    url = identity("member")

    class Meta:
        model = Member
        fields = ["id", "slug", "url", "name", "abbreviation", "kind", "updated_at"]


class OrganisationSerializer(serializers.ModelSerializer):
    url = identity("organisation")
    member_url = link("member", "member", allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "abbreviation",
            "kind",
            "member",
            "member_url",
            "description",
            "updated_at",
        ]


class WorkingGroupSerializer(serializers.ModelSerializer):
    url = identity("workinggroup")
    co_chairs_urls = link("member", "co_chairs", many=True)

    class Meta:
        model = WorkingGroup
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "short_name",
            "co_chairs",
            "co_chairs_urls",
            "first_met_on",
            "description",
            "updated_at",
        ]


class EventSerializer(serializers.ModelSerializer):
    """What meetings and forums share."""

    working_group_url = link("workinggroup", "working_group")

    event_fields = [
        "id",
        "slug",
        "url",
        "title",
        "start_date",
        "end_date",
        "is_online",
        "city",
        "country",
        "working_group",
        "working_group_url",
    ]


class MeetingSerializer(EventSerializer):
    url = identity("meeting")
    co_chairs_urls = link("organisation", "co_chairs", many=True)

    class Meta:
        model = Meeting
        fields = [
            *EventSerializer.event_fields,
            "co_chairs",
            "co_chairs_urls",
            "summary",
            "image",
            "updated_at",
        ]
