from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from . import health, home


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=home.sections(self.request), **kwargs)


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
