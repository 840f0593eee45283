"""What search engines and feed readers find: the sitemap lists every public page worth
finding, and each page with a feed points to it from its <head>."""

from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_paths(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urlset = ElementTree.fromstring(response.content)  # noqa: S314 (the portal's own output)
    return {urlsplit(loc.text).path + (f"?{urlsplit(loc.text).query}" if urlsplit(loc.text).query else "")
            for loc in urlset.iter(f"{SITEMAP}loc")}  # fmt: skip


class TestSitemap:
    def test_it_lists_the_home_page_and_the_lists(self, client):
        paths = sitemap_paths(client)

        assert {"/", "/case-studies/", "/collections/", "/groups/", "/events/"} <= paths

    def test_it_lists_groups_anyone_may_see_but_never_private_ones(self, client):
        open_group, by_request = GroupFactory(), GroupFactory(by_request=True)
        private = GroupFactory(private=True)

        paths = sitemap_paths(client)

        assert {open_group.get_absolute_url(), by_request.get_absolute_url()} <= paths
        assert private.get_absolute_url() not in paths

    def test_it_lists_upcoming_public_events_only(self, client):
        site_event = EventFactory(group=None)
        public_group_event = EventFactory(group=GroupFactory())
        private_group_event = EventFactory(group=GroupFactory(private=True))
        now = timezone.now()
        past = EventFactory(group=None, starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-1))
        cancelled = EventFactory(group=None, cancelled=True)

        paths = sitemap_paths(client)

        assert {site_event.get_absolute_url(), public_group_event.get_absolute_url()} <= paths
        for hidden in (private_group_event, past, cancelled):
            assert hidden.get_absolute_url() not in paths

    def test_it_runs_a_fixed_number_of_queries(self, client, django_assert_max_num_queries):
        for _ in range(3):
            CaseStudyFactory()
            EventFactory(group=GroupFactory())
        with django_assert_max_num_queries(10):
            client.get("/sitemap.xml")


class _HeadLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_head = True
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_head = False
        if tag == "link" and self.in_head:
            self.links.append(dict(attrs))


def feeds_in_head(client, path: str) -> list[tuple[str, str]]:
    """The (type, href) of each alternate link in the page's <head>, each checked to answer."""
    response = client.get(path)
    assert response.status_code == 200
    parser = _HeadLinks()
    parser.feed(response.content.decode())
    feeds = [(link["type"], link["href"]) for link in parser.links if link.get("rel") == "alternate"]
    for kind, href in feeds:
        assert client.get(href)["Content-Type"].startswith(kind), href
    return feeds


class TestFeedLinks:
    def test_the_home_page_and_the_library_link_the_atom_feed_of_the_latest_case_studies(self, client):
        CaseStudyFactory()

        for path in ("/", "/case-studies/"):
            assert ("application/atom+xml", "/case-studies/feed/") in feeds_in_head(client, path)

    def test_the_library_filtered_by_one_topic_links_that_topic_s_feed_too(self, client):
        topic = TopicFactory(slug="patient-flow")
        CaseStudyFactory(topics=[topic])

        feeds = feeds_in_head(client, "/case-studies/?topic=patient-flow")

        assert ("application/atom+xml", "/case-studies/feed/patient-flow/") in feeds

    def test_a_group_and_an_event_link_their_calendars(self, client):
        group = GroupFactory()
        event = EventFactory(group=group)

        assert ("text/calendar", f"{group.get_absolute_url()}calendar.ics") in feeds_in_head(
            client, group.get_absolute_url()
        )
        assert ("text/calendar", f"{event.get_absolute_url()}event.ics") in feeds_in_head(
            client, event.get_absolute_url()
        )
