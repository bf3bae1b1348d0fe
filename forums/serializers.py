"""Forums, participants and presentations as partners read them.

Participants are published as organisation or member, role and headcount only: the
names and contacts of individual officials never leave admin.
"""

from rest_framework import serializers

from forums.models import Forum, Participant, Presentation
from meetings.serializers import EventSerializer
from restapi.links import identity, link


class ForumSerializer(EventSerializer):
    url = identity("forum")
    meeting_url = link("meeting", "meeting", allow_null=True)
    co_hosts_urls = link("organisation", "co_hosts", many=True)

    class Meta:
        model = Forum
        fields = [
            *EventSerializer.event_fields,
            "kind",
            "meeting",
            "meeting_url",
            "co_hosts",
            "co_hosts_urls",
            "focus",
            "participants_total",
            "member_countries",
            "international_organisations",
            "countries_and_organisations",
            "updated_at",
        ]


class EventAttachmentSerializer(serializers.ModelSerializer):
    """Participants and presentations: attached to a forum or a meeting, by an organisation."""

    forum_url = link("forum", "forum", allow_null=True)
    meeting_url = link("meeting", "meeting", allow_null=True)
    organisation_url = link("organisation", "organisation", allow_null=True)

    attachment_fields = [
        "id",
        "url",
        "forum",
        "forum_url",
        "meeting",
        "meeting_url",
        "organisation",
        "organisation_url",
    ]


class ParticipantSerializer(EventAttachmentSerializer):
    url = identity("participant")
    member_url = link("member", "member", allow_null=True)

    class Meta:
        model = Participant
        fields = [
            *EventAttachmentSerializer.attachment_fields,
            "member",
            "member_url",
            "role",
            "headcount",
            "updated_at",
        ]


class PresentationSerializer(EventAttachmentSerializer):
    url = identity("presentation")

    class Meta:
        model = Presentation
        fields = [
            *EventAttachmentSerializer.attachment_fields,
            "kind",
            "title",
            "order",
            "summary",
            "slides",
            "updated_at",
        ]
