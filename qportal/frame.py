"""The frame around every page: the head's links, the site header, the footer and the scripts.

They are the same on every page but for a few of the reader's own bits, so Django's template
engine need not make them for every request. Each is rendered from its template once a process
for each kind of reader (signed in or not, a curator or not, with unread notifications or not,
which menu item is current), and each request only puts its reader's name, unread count and CSRF
token where the marks stand. What a process keeps is rendered from a stand-in reader who has no
name, count or token, and with no request, so nothing of one reader can reach another.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString

from core.marked import Kept, mark

from . import navigation

NAME, UNREAD, CSRF_TOKEN = mark("name"), mark("unread"), mark("csrf")
# For each template and kind of reader (a few dozen in all).
kept = Kept(most=1024)


@dataclass(frozen=True)
class StandIn:
    """The reader as the header's template reads them, with marks for their own bits."""

    is_authenticated: bool
    is_curator: bool
    unread_notifications: str | int

    def get_short_name(self) -> str:
        return NAME


def head() -> SafeString:
    return kept.filled(("head",), lambda: render_to_string("includes/site_head.html"), {})


def footer() -> SafeString:
    def made() -> str:
        context = {"footer_navigation": navigation.footer_navigation(), "SITE_NAME": settings.SITE_NAME}
        return render_to_string("includes/site_footer.html", context)

    return kept.filled(("footer",), made, {})


def header(request: HttpRequest | None, user: Any, csrf_token: Any) -> SafeString:
    """The skip link and the site header for this reader: their name, unread count and CSRF token in
    the header kept for readers like them."""
    signed_in = bool(user is not None and user.is_authenticated)
    menu = navigation.main_navigation(request.path if request is not None else "")
    stand_in = StandIn(
        is_authenticated=signed_in,
        is_curator=signed_in and user.is_curator,
        unread_notifications=UNREAD if signed_in and user.unread_notifications else 0,
    )

    def made() -> str:
        context = {
            "user": stand_in,
            "csrf_token": CSRF_TOKEN,
            "header_links": navigation.header_links(),
            "main_navigation": menu,
            "SITE_NAME": settings.SITE_NAME,
        }
        return render_to_string("includes/site_header.html", context)

    own = {}
    if signed_in:
        own = {NAME: escape(user.get_short_name()), UNREAD: str(user.unread_notifications),
               CSRF_TOKEN: escape(str(csrf_token or ""))}  # fmt: skip
    return kept.filled(("header", stand_in, tuple(item.current for item in menu)), made, own)
