from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from . import health, home, member_home


class HomeView(TemplateView):
    """Visitors get the site's front page (kept in the page cache); a signed-in member gets
    their own home, which no cache may keep."""

    template_name = "home.html"

    def get_template_names(self) -> list[str]:
        return ["home_member.html" if self.request.user.is_authenticated else self.template_name]

    def get_context_data(self, **kwargs):
        if self.request.user.is_authenticated:
            return super().get_context_data(home=member_home.build(self.request.user), **kwargs)
        return super().get_context_data(sections=home.sections(self.request), **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database, database_detail = health.database_ok()
    broker, broker_detail = health.broker_ok()
    healthy = database and broker
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": {"ok": database, "detail": database_detail},
            "broker": {"ok": broker, "detail": broker_detail},
        },
        status=200 if healthy else 503,
    )


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own, whatever a page links to (Chromium does after
    some in-page address changes): it leads to the icon the pages link to. Not permanent, since
    that icon's address changes with its content."""
    return redirect(static("images/favicon.svg"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
