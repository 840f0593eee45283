"""`{% bookmark_button case_study bookmarked %}`: the Save for later button
(casestudies/includes/bookmark_button.html) as a member gets it, from markup kept once a process for
each case study and state (core.marked), with the member's CSRF token, the address to come back to
and the announcement put in place. A visitor's, which asks them to sign in, is made by the template
as it stands."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

from core.marked import Kept, SignedIn, mark, reader_is_member

register = template.Library()

TEMPLATE = "casestudies/includes/bookmark_button.html"
_CSRF_TOKEN, _NEXT, _ANNOUNCEMENT = mark("csrf"), mark("next"), mark("announcement")
# A button for each case study, in each state: the ones most read.
kept = Kept(most=4096)


@register.simple_tag(takes_context=True)
def bookmark_button(context: template.Context, case_study, bookmarked: bool, come_back_to: str = "") -> SafeString:
    made_by = context.template.engine.get_template(TEMPLATE)  # type: ignore[union-attr]
    values = {"case_study": case_study, "bookmarked": bookmarked, "next": come_back_to}
    if not reader_is_member(context):
        with context.push(values, announcement=context.get("announcement", "")):
            return made_by.render(context)

    def made() -> str:
        stand_ins = {**values, "next": _NEXT if come_back_to else "", "announcement": _ANNOUNCEMENT}
        member = {"user": SignedIn(), "csrf_token": _CSRF_TOKEN}
        return made_by.render(template.Context({**stand_ins, **member}, autoescape=context.autoescape))

    own = {
        _CSRF_TOKEN: escape(str(context.get("csrf_token", ""))),
        _NEXT: escape(come_back_to),
        _ANNOUNCEMENT: escape(context.get("announcement", "")),
    }
    kind = ("bookmark", case_study.pk, case_study.slug, case_study.title, bool(bookmarked), bool(come_back_to))
    return kept.filled(kind, made, own)
