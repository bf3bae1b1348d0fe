"""Members, organisations, working groups and meetings as partners read them."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import AttendanceMode, Meeting, Member, Organisation, Source, WorkingGroup
from restapi.links import UrlField, identity, link


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


class SourceSerializer(serializers.ModelSerializer):
    """A source cited by a record: what it is, where to read it, who published it and when
    it was read."""

    class Meta:
        model = Source
        fields = ["title", "url", "publisher", "accessed"]


PARTY_TYPES = {Member: "member", Organisation: "organisation"}
PARTY_URLS = {kind: UrlField(view_name=f"api:{kind}-detail") for kind in PARTY_TYPES.values()}


def party_url(party, request):
    """The API URL of a member or an organisation."""
    url = PARTY_URLS[PARTY_TYPES[type(party)]]
    return url.get_url(party, url.view_name, request, None)


class PartySerializer(serializers.Serializer):
    """A member (a government, a member organisation) or an organisation (an agency): who
    chaired, hosted or presented, as `{type, id, name, url}`."""

    type = serializers.ChoiceField(choices=list(PARTY_TYPES.values()), read_only=True)
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True)

    def to_representation(self, instance):
        return {
            "type": PARTY_TYPES[type(instance)],
            "id": instance.pk,
            "name": instance.name,
            "url": party_url(instance, self.context.get("request")),
        }


class ParticipationSerializer(serializers.Serializer):
    """Participation as the source reported it: each figure null when not reported, and
    the source's own words."""

    total = serializers.IntegerField(
        source="participants_total", read_only=True, allow_null=True, help_text="Participants."
    )
    countries = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text='Countries, whatever the source called them ("member countries" or not).',
    )
    organisations = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="International organisations."
    )
    countries_and_organisations = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="A combined figure, for sources that give only one: never split it.",
    )
    as_stated = serializers.CharField(
        source="participation_as_stated",
        read_only=True,
        help_text="The source's own sentence, to show verbatim; empty when none.",
    )


class EventSerializer(serializers.ModelSerializer):
    """What meetings and forums share.

    `co_chairs` and `co_hosts` are the ids of the agencies among the co-chairs and co-hosts
    (as in the first version of the API); `chaired_by` and `hosted_by` name all of them,
    governments and agencies.
    """

    working_group_url = link("workinggroup", "working_group", allow_null=True)
    is_online = serializers.SerializerMethodField(
        help_text="Whether the event was held online only (`attendance_mode` is `online`)."
    )
    chaired_by = PartySerializer(many=True, read_only=True)
    hosted_by = PartySerializer(many=True, read_only=True)
    co_chairs_urls = link("organisation", "co_chairs", many=True)
    co_hosts_urls = link("organisation", "co_hosts", many=True)
    participation = ParticipationSerializer(source="*", read_only=True)
    sources = SourceSerializer(many=True, read_only=True)

    event_fields = [
        "id",
        "slug",
        "url",
        "title",
        "kind",
        "kind_as_stated",
        "start_date",
        "end_date",
        "attendance_mode",
        "is_online",
        "city",
        "country",
        "working_group",
        "working_group_url",
        "chaired_by",
        "hosted_by",
        "co_chairs",
        "co_chairs_urls",
        "co_hosts",
        "co_hosts_urls",
        "participation",
        "sources",
    ]

    @extend_schema_field(serializers.BooleanField())
    def get_is_online(self, event):
        return event.attendance_mode == AttendanceMode.ONLINE


class MeetingSerializer(EventSerializer):
    url = identity("meeting")

    class Meta:
        model = Meeting
        fields = [*EventSerializer.event_fields, "summary", "image", "updated_at"]
