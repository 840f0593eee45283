"""Which changes retire the library's cached figures (search answers, counts, its words for "did
you mean"): those to what is published, never an author's work on a draft."""

import pytest
from django.core.cache import cache

from casestudies.library import search
from casestudies.library.models import Status
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def words_kept():
    """The library's words as a search finding nothing keeps them."""
    cache.set(search.VOCABULARY_CACHE_KEY, ["discharge"], 60)


def test_an_author_saving_a_draft_retires_nothing(words_kept):
    draft = CaseStudyFactory(status=Status.DRAFT)
    before = search.library_version()

    draft.summary = "Fewer patients miss their appointments after text reminders."
    draft.save()
    draft.topics.add(TopicFactory())
    OutcomeMeasureFactory(case_study=draft, label="Did not attend rate")

    assert search.library_version() == before
    assert cache.get(search.VOCABULARY_CACHE_KEY) == ["discharge"]


def test_an_edit_to_a_published_case_study_retires_the_figures_and_words(words_kept):
    published = CaseStudyFactory()
    before = search.library_version()

    published.summary = "Fewer patients miss their appointments after text reminders."
    published.save()

    assert search.library_version() != before
    assert cache.get(search.VOCABULARY_CACHE_KEY) is None


def test_a_case_study_leaving_the_library_retires_the_figures_and_words(words_kept):
    published = CaseStudyFactory()
    before = search.library_version()

    published.status = Status.DRAFT
    published.save()

    assert search.library_version() != before
    assert cache.get(search.VOCABULARY_CACHE_KEY) is None
