"""Following and unfollowing, from the one button each followable thing shows.

The site composes this from the top: it alone may look a topic, group or person up by the key
in the address, with each app's own rule for who may see it.
"""

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from casestudies.library import taxonomy
from casestudies.library.queries import organisations_with_page_for
from core.htmx import HtmxHttpRequest
from core.middleware import error_page
from groups.queries import visible_groups
from members import services
from members.follows import Followable, FollowButton, FollowKind
from members.queries import profiles_visible_to

# Slugs and member ids; anything else cannot name a thing to follow.
_KEY = re.compile(r"^[-a-z0-9_]{1,140}$")
_TERMS = taxonomy.FOLLOWED


def followable(kind: str, key: str, viewer) -> Followable | None:
    """The thing the address names, if it exists and the viewer may see it."""
    if not _KEY.match(key):
        found = None
    elif kind in _TERMS:
        found = _TERMS[FollowKind(kind)]._default_manager.filter(slug=key).values_list("pk", "name").first()
    elif kind == FollowKind.ORGANISATION:
        # An unconfirmed organisation has no page yet, except for whoever added it.
        organisations = organisations_with_page_for(viewer)
        found = organisations.filter(slug=key).values_list("pk", "name").first()
    elif kind == FollowKind.GROUP:
        found = visible_groups(viewer).filter(slug=key).values_list("pk", "name").first()
    elif kind == FollowKind.PERSON and key.isdigit() and len(key) < 19:
        found = profiles_visible_to(viewer).filter(pk=int(key)).values_list("pk", "name").first()
    else:
        found = None
    return Followable(kind, found[0], key, found[1]) if found else None


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if allowed and wanted.startswith("/") else ""


@require_POST
def follow(request: HtmxHttpRequest, kind: str, key: str) -> HttpResponse:
    """Follows or unfollows (the form's `action`); htmx gets the button back, others a redirect."""
    if not request.user.is_authenticated:
        return redirect_to_login(_next(request) or "/")
    target = followable(kind, key, request.user)
    if target is None:
        return render(request, "members/follow_not_found.html", status=404)
    action = request.POST.get("action")
    try:
        if action == "follow":
            services.follow_add(user=request.user, kind=kind, object_id=target.object_id, name=target.name)
            message, level = f"You now follow {target.name}.", messages.SUCCESS
        elif action == "unfollow":
            services.follow_remove(user=request.user, kind=kind, object_id=target.object_id, name=target.name)
            message, level = f"You no longer follow {target.name}.", messages.SUCCESS
        else:
            return error_page(request, 400, "Choose to follow or to stop following.")
    except services.FollowRefused as refused:
        message, level = str(refused), messages.WARNING
    if request.htmx:
        following = request.user.follows.filter(kind=kind, object_id=target.object_id).exists()
        button = FollowButton(target, following, announcement=message)
        context = {"button": button, "follow_next": _next(request)}
        return render(request, "members/includes/follow_button.html", context)
    messages.add_message(request, level, message)
    return redirect(_next(request) or "home")
