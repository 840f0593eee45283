from django import template

from members.devices import describe_user_agent

register = template.Library()


@register.filter
def device_name(user_agent: str) -> str:
    return describe_user_agent(user_agent or "")
