"""Filters for forums, participants and presentations."""

from django.db.models import Q

from forums.models import Forum, Participant, Presentation
from meetings.filters import EventFilterSet
from restapi.filters import IdFilter, MultipleChoiceFilter, SearchFilterSet, StableOrderingFilter


class ForumFilter(EventFilterSet):
    search_fields = ("title", "city", "country", "focus")

    meeting = IdFilter(field_name="meeting_id", label="Id of the meeting it was held alongside.")

    class Meta:
        model = Forum
        fields = []


class EventAttachmentFilterSet(SearchFilterSet):
    """Participants and presentations: by event (forum or meeting) and organisation."""

    forum = IdFilter(field_name="forum_id", label="Id of the forum.")
    meeting = IdFilter(field_name="meeting_id", label="Id of the meeting.")
    organisation = IdFilter(field_name="organisation_id", label="Id of the organisation.")


class ParticipantFilter(EventAttachmentFilterSet):
    search_fields = ("organisation__name", "member__name")

    member = IdFilter(field_name="member_id", label="Id of the member (when named as such).")
    role = MultipleChoiceFilter(choices=Participant.Role.choices, label="Role (one or several).")
    ordering = StableOrderingFilter(fields=("role", "headcount", "updated_at"))

    class Meta:
        model = Participant
        fields = []


class PresentationFilter(SearchFilterSet):
    search_fields = ("title", "summary", "presenter_role")

    forum = IdFilter(field_name="forum_id", label="Id of the forum.")
    meeting = IdFilter(field_name="meeting_id", label="Id of the meeting.")
    organisation = IdFilter(
        field_name="organisations", distinct=True, label="Id of a presenting organisation."
    )
    member = IdFilter(
        field_name="members", distinct=True, label="Id of a presenting member (named as such)."
    )
    member_state = IdFilter(
        method="filter_member_state",
        label=(
            "Id of a member (state or organisation) that presented, itself or by one of "
            "its agencies."
        ),
    )
    kind = MultipleChoiceFilter(choices=Presentation.Kind.choices, label="Kind (one or several).")
    ordering = StableOrderingFilter(fields=("order", "title", "updated_at"))

    class Meta:
        model = Presentation
        fields = []

    def filter_member_state(self, queryset, name, value):
        presented = Q(members=value) | Q(organisations__member=value)
        return queryset.filter(pk__in=Presentation.objects.filter(presented).values("pk"))
