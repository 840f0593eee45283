from django.contrib.sitemaps import Sitemap

from .models import Group


class GroupSitemap(Sitemap):
    """Groups anyone may see; a private group's page is for its members only."""

    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Group.objects.visible_to(None).only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Group):
        return item.updated_at
