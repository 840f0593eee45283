import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from casestudies.library import page_keys as library_keys
from core.middleware import error_page
from events import page_keys as event_keys
from groups import page_keys as group_keys

from . import health, home, member_home


class HomeView(TemplateView):
    """Visitors get the site's front page (kept in the page cache); a signed-in member gets
    their own home, which no cache may keep."""

    template_name = "home.html"
    page_dependencies = staticmethod(lambda: (library_keys.LIBRARY, event_keys.EVENTS, group_keys.GROUPS))

    def get_template_names(self) -> list[str]:
        return ["home_member.html" if self.request.user.is_authenticated else self.template_name]

    def get_context_data(self, **kwargs):
        if self.request.user.is_authenticated:
            return super().get_context_data(home=member_home.build(self.request), **kwargs)
        return super().get_context_data(sections=home.sections(self.request), **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """ "ok"; "degraded" (200) while the site serves without Redis, naming what is down; "unavailable"
    (503) without the database, which nothing works without."""
    checks = {"database": health.database_ok(), "broker": health.broker_ok(), "cache": health.cache_ok()}
    down = [name for name, (ok, _detail) in checks.items() if not ok]
    status = "unavailable" if "database" in down else "degraded" if down else "ok"
    return JsonResponse(
        {
            "status": status,
            "down": down,
            **{name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
        },
        status=503 if status == "unavailable" else 200,
    )


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own, whatever a page links to (Chromium does after
    some in-page address changes): it leads to the icon the pages link to. Not permanent, since
    that icon's address changes with its content."""
    return redirect(static("images/favicon.svg"))


# What a request that was refused before any view saw it was too big in, in the member's words.
TOO_BIG_MESSAGES = {
    TooManyFieldsSent: "The form sent more fields than any form on this site takes. Reload the page and try again.",
    TooManyFilesSent: "The form sent more files than any form on this site takes. Send fewer files at once.",
    RequestDataTooBig: "The form sent more than the site accepts at once. Send smaller files or shorter text.",
}


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's own checks on a request's size answer here; say which limit it passed."""
    message = next((text for kind, text in TOO_BIG_MESSAGES.items() if isinstance(exception, kind)), "")
    return error_page(request, 400, message or "The request could not be understood.")


# Long enough for PostgreSQL to restart or fail over.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """A database that does not answer (restarting, failing over, its pool exhausted) is a 503
    with a page that tries again, not a 500: the site comes back by itself, as the pool makes
    new connections once PostgreSQL answers. Django calls this inside its exception handling,
    so the exception being handled is the one that ended the request."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
