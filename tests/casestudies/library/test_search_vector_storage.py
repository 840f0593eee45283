"""Each case study's search vector is kept in its own row (migration 0022), where a search that
reads where words stand, or ranks its matches, finds it without a look-up in the table's TOAST
relation and its chunks."""

from itertools import product

import pytest
from django.db import connection
from django.urls import reverse

from casestudies.library.search import search_vectors_refresh
from tests.casestudies.factories import CaseStudyFactory
from tests.migrating import migrate, migrate_to_latest

pytestmark = pytest.mark.django_db

# A vector over TOAST's threshold (about 2 kB), which the table's default storage moves out of the row.
MANY_WORDS = " ".join("".join(letters) for letters in product("bcdfghjklm", repeat=3))[:1600]


def one_value(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def toast_chunks() -> int:
    toast = one_value("SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'casestudies_casestudy'")
    return one_value(f"SELECT count(*) FROM {toast}")  # noqa: S608 (a relation's own name)


def test_the_search_vector_column_keeps_its_values_in_the_row():
    storage = one_value(
        "SELECT attstorage FROM pg_attribute "
        "WHERE attrelid = 'casestudies_casestudy'::regclass AND attname = 'search_vector'"
    )
    assert storage == "m"


def test_a_long_case_studys_vector_is_written_into_its_row_not_apart():
    case_study = CaseStudyFactory(actions=MANY_WORDS)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casestudies_casestudy SET search_vector = NULL WHERE id = %s", [case_study.pk])
    chunks_without_vector = toast_chunks()

    search_vectors_refresh(case_study_ids=[case_study.pk])

    size = one_value("SELECT pg_column_size(search_vector) FROM casestudies_casestudy WHERE id = %s", [case_study.pk])
    assert 2500 < size < 8000
    # Only the vector was written, and nothing of it went to the TOAST relation.
    assert toast_chunks() == chunks_without_vector


def test_a_search_still_finds_a_long_case_study_by_a_phrase(client):
    case_study = CaseStudyFactory(actions=f"{MANY_WORDS} a waiting list validated every week")
    search_vectors_refresh(case_study_ids=[case_study.pk])

    response = client.get(reverse("casestudies:list"), {"q": '"waiting list validated"'})

    assert [found.pk for found in response.context["page"]] == [case_study.pk]


def vector_of(case_study) -> str:
    return one_value("SELECT search_vector::text FROM casestudies_casestudy WHERE id = %s", [case_study.pk])


def vector_dropped_frees_chunks(case_study) -> bool:
    """Whether dropping the case study's vector deletes chunks of the TOAST relation: whether it was
    kept there. (Its other columns stay as they are, in the row or apart.)"""
    chunks = toast_chunks()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casestudies_casestudy SET search_vector = NULL WHERE id = %s", [case_study.pk])
    return toast_chunks() < chunks


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_vectors_already_written_into_their_rows():
    migrate([("casestudies", "0021_case_study_published_picks_index")])
    kept_apart, moved = CaseStudyFactory(actions=MANY_WORDS), CaseStudyFactory(actions=MANY_WORDS)
    search_vectors_refresh(case_study_ids=[kept_apart.pk, moved.pk])
    vector = vector_of(moved)
    assert vector_dropped_frees_chunks(kept_apart)

    migrate_to_latest()

    assert vector_of(moved) == vector
    assert not vector_dropped_frees_chunks(moved)
