"""Forums, participants and presentations as partners read them.

Participants are published as organisation or member, role and headcount only: the
names and contacts of individual officials never leave admin.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forums.models import Forum, Participant, Presentation
from meetings.serializers import EventSerializer, PartySerializer, party_url
from restapi.links import identity, link


class ForumSerializer(EventSerializer):
    url = identity("forum")
    meeting_url = link("meeting", "meeting", allow_null=True)
    participants_total = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="As `participation.total`."
    )
    member_countries = serializers.IntegerField(
        source="countries",
        read_only=True,
        allow_null=True,
        help_text=(
            "As `participation.countries`: the countries reported, whether or not the source "
            "called them member countries."
        ),
    )
    international_organisations = serializers.IntegerField(
        source="organisations",
        read_only=True,
        allow_null=True,
        help_text="As `participation.organisations`.",
    )
    countries_and_organisations = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="As `participation.countries_and_organisations`."
    )

    class Meta:
        model = Forum
        fields = [
            *EventSerializer.event_fields,
            "meeting",
            "meeting_url",
            "focus",
            "participants_total",
            "member_countries",
            "international_organisations",
            "countries_and_organisations",
            "updated_at",
        ]


class EventAttachmentSerializer(serializers.ModelSerializer):
    """Participants and presentations: attached to a forum or a meeting."""

    forum_url = link("forum", "forum", allow_null=True)
    meeting_url = link("meeting", "meeting", allow_null=True)

    attachment_fields = ["id", "url", "forum", "forum_url", "meeting", "meeting_url"]


class ParticipantSerializer(EventAttachmentSerializer):
    url = identity("participant")
    organisation_url = link("organisation", "organisation", allow_null=True)
    member_url = link("member", "member", allow_null=True)

    class Meta:
        model = Participant
        fields = [
            *EventAttachmentSerializer.attachment_fields,
            "organisation",
            "organisation_url",
            "member",
            "member_url",
            "role",
            "headcount",
            "updated_at",
        ]


class PresentationSerializer(EventAttachmentSerializer):
    """`organisations` names every presenter, members and organisations; `organisation` (the
    first version's single presenter) is the first presenting organisation, or null."""

    url = identity("presentation")
    organisations = PartySerializer(source="presenters", many=True, read_only=True)
    organisation = serializers.SerializerMethodField(
        help_text="The id of the first presenting organisation, or null (see `organisations`)."
    )
    organisation_url = serializers.SerializerMethodField(
        help_text="The URL of the first presenting organisation, or null."
    )

    class Meta:
        model = Presentation
        fields = [
            *EventAttachmentSerializer.attachment_fields,
            "organisations",
            "presenter_role",
            "organisation",
            "organisation_url",
            "kind",
            "title",
            "order",
            "summary",
            "slides",
            "updated_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_organisation(self, presentation):
        first = first_organisation(presentation)
        return first and first.pk

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_organisation_url(self, presentation):
        first = first_organisation(presentation)
        return first and party_url(first, self.context.get("request"))


def first_organisation(presentation):
    """From the prefetched presenters: no query of its own."""
    return next(iter(presentation.organisations.all()), None)
