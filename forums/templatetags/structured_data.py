from django import template

from forums.structured_data import event_jsonld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def event_jsonld(context, event):
    """The page's event as schema.org JSON-LD: ``{% event_jsonld meeting %}``."""
    return event_jsonld_script(event, context["request"])
