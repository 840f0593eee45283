"""`{% follow_button button %}`: the Follow button (members/includes/follow_button.html) as a
member gets it, from markup kept once a process for each thing followed and state (core.marked),
with the member's CSRF token, the address to come back to and the announcement put in place. A
visitor's, which asks them to sign in, is made by the template as it stands."""

from django import template
from django.utils.safestring import SafeString

from core.marked import Kept, mark
from members.follows import FollowButton

register = template.Library()

TEMPLATE = "members/includes/follow_button.html"
_NEXT, _ANNOUNCEMENT = mark("next"), mark("announcement")
# A button for each thing followed, in each state: the ones most read.
kept = Kept(most=4096)


@register.simple_tag(takes_context=True)
def follow_button(context: template.Context, button: FollowButton, follow_next: str = "") -> SafeString:
    request = context.get("request")
    return kept.for_member(
        context,
        TEMPLATE,
        ("follow", button.target, button.following),
        values={"button": button, "follow_next": follow_next},
        stand_ins={"button": FollowButton(button.target, button.following, _ANNOUNCEMENT), "follow_next": _NEXT},
        own={
            _NEXT: follow_next or (request.get_full_path() if request is not None else ""),
            _ANNOUNCEMENT: button.announcement,
        },
    )
