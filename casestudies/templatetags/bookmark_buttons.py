"""`{% bookmark_button case_study bookmarked %}`: the Save for later button
(casestudies/includes/bookmark_button.html) as a member gets it, from markup kept once a process for
each case study and state (core.marked), with the member's CSRF token, the address to come back to
and the announcement put in place. A visitor's, which asks them to sign in, is made by the template
as it stands."""

from django import template
from django.utils.safestring import SafeString

from core.marked import Kept, mark

register = template.Library()

TEMPLATE = "casestudies/includes/bookmark_button.html"
_NEXT, _ANNOUNCEMENT = mark("next"), mark("announcement")
# A button for each case study, in each state: the ones most read.
kept = Kept(most=4096)


@register.simple_tag(takes_context=True)
def bookmark_button(context: template.Context, case_study, bookmarked: bool, come_back_to: str = "") -> SafeString:
    announcement = context.get("announcement", "")
    return kept.for_member(
        context,
        TEMPLATE,
        ("bookmark", case_study.pk, case_study.slug, case_study.title, bool(bookmarked), bool(come_back_to)),
        values={"case_study": case_study, "bookmarked": bookmarked, "next": come_back_to, "announcement": announcement},
        stand_ins={"next": _NEXT if come_back_to else "", "announcement": _ANNOUNCEMENT},
        own={_NEXT: come_back_to, _ANNOUNCEMENT: announcement},
    )
