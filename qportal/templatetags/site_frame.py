"""`{% site_head %}`, `{% site_header %}` and `{% site_footer %}`: the frame of base.html, kept for the
process and filled with the reader's own bits (qportal/frame.py)."""

from django import template
from django.utils.safestring import SafeString

from qportal import frame

register = template.Library()


@register.simple_tag
def site_head() -> SafeString:
    return frame.head()


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> SafeString:
    # The page's own CSRF token (one lazy value for the whole page), as {% csrf_token %} reads it.
    return frame.header(context.get("request"), context.get("user"), context.get("csrf_token"))


@register.simple_tag
def site_footer() -> SafeString:
    return frame.footer()
