"""`{% follow_button button %}`: the Follow button (members/includes/follow_button.html) as a
member gets it, from markup kept once a process for each thing followed and state (core.marked),
with the member's CSRF token, the address to come back to and the announcement put in place. A
visitor's, which asks them to sign in, is made by the template as it stands."""

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

from core.marked import Kept, SignedIn, mark, reader_is_member
from members.follows import FollowButton

register = template.Library()

TEMPLATE = "members/includes/follow_button.html"
_CSRF_TOKEN, _NEXT, _ANNOUNCEMENT = mark("csrf"), mark("next"), mark("announcement")
# A button for each thing followed, in each state: the ones most read.
kept = Kept(most=4096)


@register.simple_tag(takes_context=True)
def follow_button(context: template.Context, button: FollowButton, follow_next: str = "") -> SafeString:
    made_by = context.template.engine.get_template(TEMPLATE)  # type: ignore[union-attr]
    if not reader_is_member(context):
        with context.push(button=button, follow_next=follow_next):
            return made_by.render(context)

    def made() -> str:
        stand_in = FollowButton(button.target, button.following, _ANNOUNCEMENT)
        values: dict[str, Any] = {
            "button": stand_in,
            "user": SignedIn(),
            "csrf_token": _CSRF_TOKEN,
            "follow_next": _NEXT,
        }
        return made_by.render(template.Context(values, autoescape=context.autoescape))

    own = {
        _CSRF_TOKEN: escape(str(context.get("csrf_token", ""))),
        _NEXT: escape(follow_next or context["request"].get_full_path()),
        _ANNOUNCEMENT: escape(button.announcement),
    }
    return kept.filled(("follow", button.target, button.following), made, own)
