"""A search page reads the vocabulary's version once, however many steps of the search read the
vocabulary (cleaning the text, counting, ranking, snippets); a curator's edit still counts from
the next search."""

import pytest
import redis.client
from django.urls import reverse

from casestudies.library import vocabulary
from casestudies.library.models import SynonymGroup
from tests.casestudies.factories import NEUTRAL, CaseStudyFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:list")


@pytest.fixture
def asked(monkeypatch):
    """The keys of every cache read of the vocabulary's version, as sent to Redis."""
    keys: list[str] = []
    send = redis.client.Redis.execute_command

    def watched(connection, *args, **options):
        if args[0] == "GET" and str(args[1]).endswith(vocabulary.VERSION_CACHE_KEY):
            keys.append(args[1])
        return send(connection, *args, **options)

    monkeypatch.setattr(redis.client.Redis, "execute_command", watched)
    return keys


def test_a_search_made_afresh_reads_the_vocabulary_version_once(client, asked):
    CaseStudyFactory(**{**NEUTRAL, "title": "Huddles on the wards"})
    vocabulary.version()
    asked.clear()

    response = client.get(LIST, {"q": "huddles"})

    assert "Huddles on the wards" in response.content.decode()
    assert len(asked) == 1


def test_within_a_reading_the_version_is_asked_once_and_a_later_reading_sees_a_change(asked):
    vocabulary.version()  # started
    asked.clear()
    with vocabulary.read_once():
        first = vocabulary.version()
        assert vocabulary.version() == first
        assert vocabulary.version() == first
    assert len(asked) == 1

    vocabulary.changed()

    with vocabulary.read_once():
        assert vocabulary.version() != first


def test_a_vocabulary_edit_counts_from_the_next_search_page(client, django_capture_on_commit_callbacks):
    CaseStudyFactory(**{**NEUTRAL, "title": "Rescue packs for COPD"})
    assert "Rescue packs for COPD" not in client.get(LIST, {"q": "lung disease"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        SynonymGroup.objects.create(forms="COPD\nlung disease")

    assert "Rescue packs for COPD" in client.get(LIST, {"q": "lung disease"}).content.decode()
