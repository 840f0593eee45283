from xml.etree import ElementTree

import pytest
from django.urls import reverse

from casestudies.library.models import Status
from tests.casestudies.factories import CaseStudyFactory, CollectionFactory, TopicFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response) -> ElementTree.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (the portal's own output)
    assert feed.tag == f"{ATOM}feed"
    # The elements RFC 4287 requires of a feed and of each entry.
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None
    return feed


def entry_titles(feed: ElementTree.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


class TestFeeds:
    def test_the_feed_is_valid_atom_with_published_case_studies_only(self, client):
        CaseStudyFactory(title="Published one")
        CaseStudyFactory(title="Draft one", status=Status.DRAFT)
        CaseStudyFactory(title="Submitted one", status=Status.SUBMITTED)
        feed = parse_atom(client.get(reverse("casestudies:feed")))
        assert entry_titles(feed) == ["Published one"]

    def test_a_topic_feed_has_that_topic_s_case_studies_only(self, client):
        topic = TopicFactory(name="Sepsis")
        CaseStudyFactory(title="On sepsis", topics=[topic])
        CaseStudyFactory(title="On falls")
        CaseStudyFactory(title="Draft on sepsis", topics=[topic], status=Status.DRAFT)
        feed = parse_atom(client.get(reverse("casestudies:topic_feed", kwargs={"topic": "sepsis"})))
        assert entry_titles(feed) == ["On sepsis"]
        assert "Sepsis" in feed.findtext(f"{ATOM}title")

    def test_an_unknown_topic_feed_is_not_found(self, client):
        assert client.get("/case-studies/feed/no-such-topic/").status_code == 404

    def test_the_feed_runs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        for _ in range(10):
            CaseStudyFactory(topics=[TopicFactory()])
        with django_assert_max_num_queries(3):
            client.get(reverse("casestudies:feed"))


class TestSitemapAndRobots:
    def test_the_sitemap_lists_published_case_studies_and_collections_only(self, client):
        published = CaseStudyFactory()
        draft = CaseStudyFactory(status=Status.DRAFT)
        collection = CollectionFactory()
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        xml = response.content.decode()
        assert published.get_absolute_url() in xml
        assert draft.get_absolute_url() not in xml
        assert collection.get_absolute_url() in xml
        ElementTree.fromstring(response.content)  # noqa: S314 (the portal's own output)

    def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(self, client):
        response = client.get("/robots.txt")
        text = response.content.decode()
        assert response["Content-Type"].startswith("text/plain")
        assert "Sitemap: " in text
        assert text.rstrip().endswith("/sitemap.xml")
        assert "Disallow: /me/" in text


class TestCollections:
    def test_a_collection_shows_its_introduction_and_published_case_studies_in_order(self, client):
        first, second = CaseStudyFactory(title="First pick"), CaseStudyFactory(title="Second pick")
        draft = CaseStudyFactory(title="Unpublished pick", status=Status.DRAFT)
        collection = CollectionFactory(introduction="**Why** these matter", case_studies=[second, draft, first])
        response = client.get(collection.get_absolute_url())
        html = response.content.decode()
        assert "<strong>Why</strong> these matter" in html
        assert html.index("Second pick") < html.index("First pick")
        assert "Unpublished pick" not in html

    def test_the_collections_page_counts_published_case_studies(self, client):
        CollectionFactory(
            title="Productivity", case_studies=[CaseStudyFactory(), CaseStudyFactory(status=Status.DRAFT)]
        )
        response = client.get(reverse("casestudies:collections"))
        assert "Productivity" in response.content.decode()
        assert response.context["collections"][0].case_study_count == 1

    def test_an_unknown_collection_is_not_found(self, client):
        assert client.get("/collections/nothing-here/").status_code == 404

    def test_a_collection_runs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        collection = CollectionFactory(case_studies=[CaseStudyFactory(topics=[TopicFactory()]) for _ in range(8)])
        with django_assert_max_num_queries(4):
            client.get(collection.get_absolute_url())


class TestHomePage:
    def test_the_home_page_shows_the_featured_collection_and_latest_case_studies(self, client):
        latest = CaseStudyFactory(title="Newest work")
        CaseStudyFactory(title="Hidden draft", status=Status.DRAFT)
        CollectionFactory(title="Improving productivity", featured=True, case_studies=[latest])
        html = client.get("/").content.decode()
        assert "Featured collection: Improving productivity" in html
        assert "Latest case studies" in html
        assert "Newest work" in html
        assert "Hidden draft" not in html

    def test_the_home_page_leaves_out_empty_sections(self, client):
        html = client.get("/").content.decode()
        assert "Featured collection" not in html
        assert "Latest case studies" not in html

    def test_the_home_page_runs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        case_studies = [CaseStudyFactory(topics=[TopicFactory()], featured=n < 4) for n in range(8)]
        CollectionFactory(featured=True, case_studies=case_studies)
        # Three for the featured case studies leading the page (the cards and their two prefetches);
        # two for the next events (those in progress, then those still to start: EventQuerySet.next_few).
        with django_assert_max_num_queries(14):
            client.get("/")
