from django import template

from events.times import describe

register = template.Library()


@register.simple_tag
def event_when(event, zone) -> str:
    """The event's times in words, on the reader's clock."""
    return describe(event.starts_at, event.ends_at, zone)
