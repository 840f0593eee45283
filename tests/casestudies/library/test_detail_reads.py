"""What a case study's page reads of the database for a signed-in member: with its parts kept,
the row without its long texts (which only the parts show); made afresh, the whole of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.library.models import Bookmark, CaseStudy, Status
from casestudies.library.services import bookmark_add
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_with_its_parts_kept_the_page_reads_no_long_text(member_client, django_assert_max_num_queries):
    case_study = CaseStudyFactory(title="Huddles on the wards", lessons="Start with one ward.")
    member_client.get(case_study.get_absolute_url())

    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(2):
        html = member_client.get(case_study.get_absolute_url()).content.decode()

    assert "Start with one ward." in html
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for long_text in ("search_vector", "lessons_html", '"lessons"'):
        assert long_text not in read


def test_made_afresh_the_page_shows_every_long_text(settings, member_client):
    settings.PAGE_CACHE_SECONDS = 0
    case_study = CaseStudyFactory(problem="Handovers were missed.", lessons="Start with one ward.")
    OutcomeMeasureFactory(case_study=case_study, label="Length of stay")

    html = member_client.get(case_study.get_absolute_url()).content.decode()

    assert "Handovers were missed." in html
    assert "Start with one ward." in html
    assert "Length of stay" in html


def test_the_readers_own_state_holds_inside_a_subquery_too():
    author, reader = UserFactory(), UserFactory()
    draft = CaseStudyFactory(status=Status.DRAFT, author=author)
    published = CaseStudyFactory()
    bookmark_add(user=reader, case_study=published)

    def saved_visible(user):
        visible = CaseStudy.objects.visible_to(user).with_reader_state(user).filter(reader_saved=False)
        return set(Bookmark.objects.filter(case_study__in=visible.values("pk")).values_list("case_study", flat=True))

    assert set(CaseStudy.objects.visible_to(author)) == {draft, published}
    assert set(CaseStudy.objects.visible_to(reader)) == {published}
    assert [(c.reader_is_author, c.reader_saved) for c in CaseStudy.objects.with_reader_state(reader)
            .filter(pk=published.pk)] == [(False, True)]  # fmt: skip
    assert CaseStudy.objects.with_reader_state(author).get(pk=draft.pk).reader_is_author
    assert saved_visible(reader) == set()
    assert saved_visible(author) == {published.pk}
