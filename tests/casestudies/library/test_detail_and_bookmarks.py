import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from casestudies.library import related as related_case_studies
from casestudies.library.models import Bookmark, Status
from tests.casestudies.factories import (
    AttachmentFactory,
    BookmarkFactory,
    CaseStudyFactory,
    CaseStudyLinkFactory,
    ExternalAuthorFactory,
    ImprovementApproachFactory,
    OrganisationFactory,
    OutcomeMeasureFactory,
    TopicFactory,
)
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def detail(case_study) -> str:
    return reverse("casestudies:detail", kwargs={"slug": case_study.slug})


def bookmark_url(case_study) -> str:
    return reverse("casestudies:bookmark", kwargs={"slug": case_study.slug})


class TestDetailPage:
    def test_shows_outcomes_sections_authors_facets_resources_and_metadata(self, client):
        topic = TopicFactory(name="Patient flow")
        case_study = CaseStudyFactory(
            title="Shorter lead times", topics=[topic], organisations=[OrganisationFactory(name="Riverside Trust")]
        )
        OutcomeMeasureFactory(case_study=case_study, label="Process lead time", before=21, after=8, unit="days")
        ExternalAuthorFactory(case_study=case_study, name="Dr Ada Okafor")
        AttachmentFactory(case_study=case_study, title="Driver diagram")
        CaseStudyLinkFactory(case_study=case_study, title="Full report", url="https://example.org/report")
        html = client.get(detail(case_study)).content.decode()
        assert "Process lead time" in html
        assert "down 62%" in html
        assert "The problem and its context" in html
        assert "Dr Ada Okafor" in html
        assert "Riverside Trust" in html
        assert 'href="/case-studies/?topic=patient-flow"' in html
        assert "Driver diagram" in html
        assert "(PDF," in html
        assert "https://example.org/report" in html
        assert f'<link rel="canonical" href="{settings.SITE_URL}/case-studies/{case_study.slug}/">' in html
        assert '<meta property="og:title" content="Shorter lead times">' in html
        ld = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1))
        assert ld["@type"] == "Article"
        assert ld["headline"] == "Shorter lead times"

    def test_json_ld_cannot_close_its_script_block(self, client):
        case_study = CaseStudyFactory(title="</script><script>alert(1)</script>")
        html = client.get(detail(case_study)).content.decode()
        assert "</script><script>alert(1)" not in html

    def test_related_case_studies_share_facets_and_are_published_only(self, client):
        topic, approach = TopicFactory(), ImprovementApproachFactory()
        case_study = CaseStudyFactory(topics=[topic], approaches=[approach])
        CaseStudyFactory(slug="close", topics=[topic], approaches=[approach])
        CaseStudyFactory(slug="hidden", topics=[topic], approaches=[approach], status=Status.DRAFT)
        CaseStudyFactory(slug="unrelated", title="Something else entirely", summary="Other", actions="", results="")
        related = client.get(detail(case_study)).context["related"]
        assert next(c.slug for c in related) == "close"
        assert "hidden" not in [c.slug for c in related]

    def test_related_case_studies_follow_changes_to_the_library(self, client, django_capture_on_commit_callbacks):
        topic = TopicFactory()
        case_study = CaseStudyFactory(topics=[topic])
        CaseStudyFactory(slug="first", topics=[topic])
        assert [c.slug for c in client.get(detail(case_study)).context["related"]] == ["first"]

        with django_capture_on_commit_callbacks(execute=True):
            CaseStudyFactory(slug="second", topics=[topic])

        assert [c.slug for c in client.get(detail(case_study)).context["related"]] == ["second", "first"]

    def test_a_case_study_sharing_a_rare_topic_is_related_however_many_newer_share_a_common_one(
        self, client, monkeypatch
    ):
        monkeypatch.setattr(related_case_studies, "RELATED_CANDIDATES", 4)
        monkeypatch.setattr(related_case_studies, "RELATED_CANDIDATES_PER_TERM", 2)
        common, rare = TopicFactory(), TopicFactory()
        now = timezone.now()
        case_study = CaseStudyFactory(topics=[common, rare])
        CaseStudyFactory(slug="older-and-close", topics=[common, rare], published_at=now - timedelta(days=30))
        for day in range(5):
            CaseStudyFactory(topics=[common], published_at=now - timedelta(days=day))

        related = client.get(detail(case_study)).context["related"]

        assert related[0].slug == "older-and-close"
        assert len(related) == 3

    def test_a_related_case_study_unpublished_behind_the_cache_is_left_out(self, client):
        topic = TopicFactory()
        case_study = CaseStudyFactory(topics=[topic])
        gone = CaseStudyFactory(slug="gone", topics=[topic])
        assert [c.slug for c in client.get(detail(case_study)).context["related"]] == ["gone"]

        # A bare UPDATE tells the library nothing, so the ids chosen before are still cached.
        type(gone).objects.filter(pk=gone.pk).update(status=Status.DRAFT)

        assert client.get(detail(case_study)).context["related"] == []

    def test_the_page_runs_a_fixed_number_of_queries(self, member_client, django_assert_max_num_queries):
        topics = [TopicFactory() for _ in range(5)]
        case_study = CaseStudyFactory(topics=topics)
        for _ in range(4):
            OutcomeMeasureFactory(case_study=case_study)
            ExternalAuthorFactory(case_study=case_study)
            AttachmentFactory(case_study=case_study)
            CaseStudyFactory(topics=topics)
        # 25: the measures' points (their charts) are one more prefetch, and the byline (the
        # authors the page names) another.
        with django_assert_max_num_queries(25):
            member_client.get(detail(case_study))


class TestDetailVisibility:
    def test_a_draft_is_not_found_for_visitors_and_other_members(self, client):
        draft = CaseStudyFactory(status=Status.DRAFT)
        assert client.get(detail(draft)).status_code == 404
        client.force_login(UserFactory())
        assert client.get(detail(draft)).status_code == 404

    def test_an_author_sees_their_own_draft_marked_as_such(self, client):
        author = UserFactory()
        draft = CaseStudyFactory(status=Status.DRAFT, author=author)
        client.force_login(author)
        response = client.get(detail(draft))
        assert response.status_code == 200
        assert "Only its authors and curators can see this case study." in response.content.decode()
        assert '<meta name="robots" content="noindex">' in response.content.decode()

    def test_a_curator_sees_any_case_study(self, curator_client):
        submitted = CaseStudyFactory(status=Status.SUBMITTED)
        assert curator_client.get(detail(submitted)).status_code == 200

    def test_an_unknown_slug_is_not_found(self, client):
        assert client.get("/case-studies/no-such-thing/").status_code == 404


class TestBookmarks:
    def test_a_member_saves_and_unsaves_a_case_study(self, member_client, user):
        case_study = CaseStudyFactory()
        response = member_client.post(bookmark_url(case_study), {"action": "save"})
        assert response.status_code == 302
        assert Bookmark.objects.filter(user=user, case_study=case_study).exists()
        member_client.post(bookmark_url(case_study), {"action": "save"})
        assert Bookmark.objects.filter(user=user).count() == 1
        member_client.post(bookmark_url(case_study), {"action": "remove"})
        assert not Bookmark.objects.filter(user=user).exists()

    def test_htmx_gets_the_swapped_button_back(self, member_client):
        case_study = CaseStudyFactory()
        response = member_client.post(bookmark_url(case_study), {"action": "save"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Remove from saved" in html
        assert "<html" not in html

    def test_visitors_are_sent_to_sign_in(self, client):
        case_study = CaseStudyFactory()
        response = client.post(bookmark_url(case_study), {"action": "save"})
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert not Bookmark.objects.exists()

    def test_a_get_does_not_change_anything(self, member_client):
        case_study = CaseStudyFactory()
        assert member_client.get(bookmark_url(case_study)).status_code == 405

    def test_a_member_cannot_bookmark_a_draft_they_cannot_see(self, member_client):
        draft = CaseStudyFactory(status=Status.DRAFT)
        assert member_client.post(bookmark_url(draft), {"action": "save"}).status_code == 404
        assert not Bookmark.objects.exists()

    def test_the_bookmarks_page_lists_the_member_s_visible_saved_case_studies(self, member_client, user):
        saved = BookmarkFactory(user=user, case_study=CaseStudyFactory(title="Saved one")).case_study
        BookmarkFactory(user=user, case_study=CaseStudyFactory(title="Archived since", status=Status.ARCHIVED))
        BookmarkFactory(case_study=CaseStudyFactory(title="Someone else's"))
        response = member_client.get(reverse("casestudies:bookmarks"))
        html = response.content.decode()
        assert saved.title in html
        assert "Archived since" not in html
        assert "Someone else" not in html

    def test_the_bookmarks_page_needs_sign_in(self, client):
        assert client.get(reverse("casestudies:bookmarks")).status_code == 302

    def test_the_bookmarks_page_handles_a_bad_page_number(self, member_client):
        response = member_client.get(reverse("casestudies:bookmarks"), {"page": "zz"})
        assert response.status_code == 200
        assert "not a number" in response.content.decode()

    def test_the_bookmarks_page_runs_a_fixed_number_of_queries(
        self, member_client, user, django_assert_max_num_queries
    ):
        for _ in range(10):
            BookmarkFactory(user=user, case_study=CaseStudyFactory(topics=[TopicFactory()]))
        with django_assert_max_num_queries(12):
            member_client.get(reverse("casestudies:bookmarks"))

    def test_the_dashboard_links_to_saved_case_studies(self, member_client):
        assert reverse("casestudies:bookmarks") in member_client.get(reverse("members:dashboard")).content.decode()
