"""Atom feeds of newly published case studies: the whole library, and one per topic."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from casestudies.library.models import CaseStudy, CaseStudyAuthor, Topic

FEED_SIZE = 30


class LatestCaseStudiesFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self, obj: Topic | None = None) -> str:
        return f"{settings.SITE_NAME}: latest case studies" + (f" on {obj.name}" if obj else "")

    def subtitle(self, obj: Topic | None = None) -> str:
        return "Improvement case studies from health and care, newest first."

    def link(self, obj: Topic | None = None) -> str:
        return obj.get_absolute_url() if obj else reverse("casestudies:list")

    def feed_url(self, obj: Topic | None = None) -> str:
        if obj:
            return reverse("casestudies:topic_feed", kwargs={"topic": obj.slug})
        return reverse("casestudies:feed")

    def items(self, obj: Topic | None = None) -> QuerySet[CaseStudy]:
        case_studies = CaseStudy.objects.published()
        if obj:
            case_studies = case_studies.for_topics([obj.slug])
        return (
            case_studies.newest_first()
            .with_headline()
            .prefetch_related(
                "topics", Prefetch("authors", queryset=CaseStudyAuthor.objects.shown().select_related("member"))
            )[:FEED_SIZE]
        )

    def item_title(self, item: CaseStudy) -> str:
        return item.title

    def item_description(self, item: CaseStudy) -> str:
        return f"{item.summary} Key result: {item.headline}." if item.headline else item.summary

    def item_pubdate(self, item: CaseStudy):
        return item.published_at

    def item_updateddate(self, item: CaseStudy):
        return item.updated_at

    def item_author_name(self, item: CaseStudy) -> str | None:
        names = [author.display_name for author in item.authors.all()]
        return ", ".join(names) or None

    def item_categories(self, item: CaseStudy) -> list[str]:
        return [topic.name for topic in item.topics.all()]


class TopicFeed(LatestCaseStudiesFeed):
    def get_object(self, request: HttpRequest, topic: str) -> Topic:
        return get_object_or_404(Topic, slug=topic)
