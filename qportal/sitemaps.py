"""sitemap.xml and robots.txt for the whole site, composed from the apps' own sitemaps."""

from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from casestudies.library import sitemaps as casestudies_sitemaps
from events import sitemaps as events_sitemaps
from groups import sitemaps as groups_sitemaps

# Pages for members and staff only: nothing there for search engines.
PRIVATE_PATHS = ["/admin/", "/accounts/", "/me/", "/review/", "/unsubscribe/", "/api/"]


class PageSitemap(Sitemap):
    """Pages that are there for everyone, named by their URL names (the home page, the lists)."""

    def __init__(self, url_names: list[str], *, changefreq: str = "daily", priority: float = 0.5) -> None:
        self.url_names = url_names
        self.changefreq = changefreq
        self.priority = priority

    def items(self) -> list[str]:
        return self.url_names

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: "dict[str, Sitemap[Any] | type[Sitemap[Any]]]" = {
    "home": PageSitemap(["home"], priority=1.0),
    "about": PageSitemap(["about", "privacy", "accessibility"], changefreq="monthly", priority=0.3),
    "library": PageSitemap(["casestudies:list", "casestudies:collections"], priority=0.9),
    "case-studies": casestudies_sitemaps.CaseStudySitemap(),
    "collections": casestudies_sitemaps.CollectionSitemap(),
    "group-list": PageSitemap(["groups:list"]),
    "groups": groups_sitemaps.GroupSitemap(),
    "event-list": PageSitemap(["events:list"]),
    "events": events_sitemaps.UpcomingEventSitemap(),
}


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    return sitemap_view(request, sitemaps=SITEMAPS)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in PRIVATE_PATHS),
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
