"""Curator rights, in one rule: the curator role (`User.is_curator`: an active staff account)
with two-factor authentication turned on.

`acts_as_curator` is the rule for any check (what a curator may see or do); every app's curator
pages use `CuratorRequiredMixin` (class-based views) or `curator_required` (function views),
which also tell the others why they are stopped, and the admin site applies the same rule. So a
curator's account cannot be used for curating on a password alone. `is_staff` itself is only
the stored flag behind the role.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

MFA_NEEDED_MESSAGE = (
    "Curators must turn on two-factor authentication before they can use curator pages. "
    "Set up an authenticator app or a security key below."
)


def has_mfa(user: Any) -> bool:
    return bool(user.is_authenticated) and is_mfa_enabled(user)


def acts_as_curator(user: Any) -> bool:
    """True when the user holds curator rights: the curator role, with two-factor authentication."""
    return bool(user is not None and user.is_authenticated and user.is_curator and has_mfa(user))


def curator_access(request: HttpRequest) -> HttpResponse | None:
    """Returns None when the request may reach a curator page, or the response that stops it:
    the sign-in page for visitors, 403 for members, the MFA set-up page for curators without it."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user.is_curator:
        raise PermissionDenied("Only curators can use this page.")
    if not has_mfa(user):
        messages.warning(request, MFA_NEEDED_MESSAGE)
        return HttpResponseRedirect(reverse("mfa_index"))
    return None


class CuratorRequiredMixin:
    """For class-based views that only curators (with two-factor authentication) may use."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        stopped = curator_access(request)
        if stopped is not None:
            return stopped
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response


def curator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For function views that only curators (with two-factor authentication) may use."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        stopped = curator_access(request)
        if stopped is not None:
            return stopped
        return view(request, *args, **kwargs)

    return wrapper
