from django.contrib.sitemaps import Sitemap

from casestudies.library.models import CaseStudy, Collection


class CaseStudySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return CaseStudy.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, item: CaseStudy):
        return item.updated_at


class CollectionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Collection.objects.only("slug", "updated_at")

    def lastmod(self, item: Collection):
        return item.updated_at
