"""Links from every name of a member or organisation to the member's page."""

from django import template
from django.urls import reverse

from meetings.models import Member, Organisation

register = template.Library()


@register.filter
def party_url(party):
    """A member's page; an organisation's place on its member's page; "" for an
    organisation that belongs to no member (it is named as plain text)."""
    if isinstance(party, Member):
        return reverse("workplan:member-detail", kwargs={"slug": party.slug})
    if isinstance(party, Organisation) and party.member_id:
        page = reverse("workplan:member-detail", kwargs={"slug": party.member.slug})
        return f"{page}#organisation-{party.slug}"
    return ""
