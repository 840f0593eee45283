from django.contrib.sitemaps import Sitemap

from .models import Event


class UpcomingEventSitemap(Sitemap):
    """Scheduled events still to come that anyone may see: the site's own, and public groups'."""

    changefreq = "daily"
    priority = 0.6
    limit = 5000

    def items(self):
        return Event.objects.visible_to(None).scheduled().upcoming().only("slug", "updated_at")

    def lastmod(self, item: Event):
        return item.updated_at
