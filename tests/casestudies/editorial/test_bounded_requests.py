"""Hostile requests that ask for unbounded work are answered 400 with a message, having built no
more than an honest full form: every list on a form has a most, whatever TOTAL_FORMS claims."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casestudies.editorial.forms.rows import MAX_AUTHORS, MAX_COLLECTION_ITEMS, MAX_LINKS, MAX_OUTCOME_MEASURES
from casestudies.library.models import CaseStudy, Collection, Status
from tests.casestudies.factories import CaseStudyFactory
from tests.casestudies.review_helpers import editor_data
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db

HUGE = "999999999999999999999"
CASE_STUDY_LISTS = {"authors": MAX_AUTHORS, "outcomes": MAX_OUTCOME_MEASURES, "links": MAX_LINKS}
# An honest full form reads the member, the session and a few lookups per row at most.
QUERIES = 40


@pytest.fixture
def author(client):
    member = UserFactory()
    client.force_login(member)
    return member


def with_every_list_at(data: dict, prefixes, total: str) -> dict:
    return {**data, **{f"{prefix}-TOTAL_FORMS": total for prefix in prefixes}}


def rows_shown(page: str, prefix: str) -> int:
    return len(set(re.findall(rf'name="{prefix}-(\d+)-', page)))


def assert_bounded(response, limits: dict[str, int]) -> str:
    page = response.content.decode()
    assert response.status_code == 400
    for prefix, most in limits.items():
        assert f"This list takes at most {most} rows" in page
        assert rows_shown(page, prefix) <= most
    # The page with every row's errors stays a page, not megabytes.
    assert len(response.content) < 500_000
    return page


@pytest.mark.parametrize("total", [HUGE, "1000"])
def test_a_new_case_study_claiming_huge_lists_is_refused_having_built_no_more_than_a_full_form(
    client, author, total, django_assert_max_num_queries
):
    data = with_every_list_at(editor_data(), CASE_STUDY_LISTS, total)

    with django_assert_max_num_queries(QUERIES):
        response = client.post(reverse("casestudies:new"), data)

    assert_bounded(response, CASE_STUDY_LISTS)
    assert not CaseStudy.objects.exists()


@pytest.mark.parametrize("total", [HUGE, "1000"])
def test_editing_a_draft_claiming_huge_lists_is_refused_and_the_draft_is_unchanged(
    client, author, total, django_assert_max_num_queries
):
    draft = CaseStudyFactory(author=author, status=Status.DRAFT, title="Kept as it was")
    data = with_every_list_at(editor_data(draft, title="Changed"), CASE_STUDY_LISTS, total)

    with django_assert_max_num_queries(QUERIES):
        response = client.post(reverse("casestudies:edit", kwargs={"slug": draft.slug}), data)

    assert_bounded(response, CASE_STUDY_LISTS)
    draft.refresh_from_db()
    assert draft.title == "Kept as it was"


def test_one_row_too_many_is_refused_with_the_limit_named(client, author):
    data = editor_data(links=[{"title": f"Link {n}", "url": f"https://example.org/{n}"} for n in range(MAX_LINKS + 1)])

    response = client.post(reverse("casestudies:new"), data)

    assert response.status_code == 400
    assert f"This list takes at most {MAX_LINKS} rows" in response.content.decode()


def test_a_full_list_is_accepted(client, author):
    data = editor_data(links=[{"title": f"Link {n}", "url": f"https://example.org/{n}"} for n in range(MAX_LINKS)])

    response = client.post(reverse("casestudies:new"), data)

    assert response.status_code == 302
    assert CaseStudy.objects.get().links.count() == MAX_LINKS


@pytest.mark.parametrize("total", [HUGE, "1000"])
def test_a_collection_claiming_huge_lists_is_refused_having_built_no_more_than_a_full_form(
    client, total, django_assert_max_num_queries
):
    client.force_login(CuratorFactory())
    data = {
        "title": "Hostile",
        "slug": "hostile",
        "introduction": "",
        "items-TOTAL_FORMS": total,
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }

    # Each row shown reads the published case studies for its choice list, as an honest full form does.
    with django_assert_max_num_queries(QUERIES + MAX_COLLECTION_ITEMS):
        response = client.post(reverse("casestudies:review_collection_new"), data)

    assert_bounded(response, {"items": MAX_COLLECTION_ITEMS})
    assert not Collection.objects.exists()


def test_a_form_with_more_fields_than_any_form_takes_is_refused_with_a_message(client, author):
    data = {**editor_data(), **{f"field{n}": "x" for n in range(1200)}}

    response = client.post(reverse("casestudies:new"), data)

    assert response.status_code == 400
    assert "more fields than any form on this site takes" in response.content.decode()


def test_a_form_with_more_files_than_any_form_takes_is_refused_with_a_message(client, author):
    files = {f"file{n}": SimpleUploadedFile(f"{n}.txt", b"x") for n in range(120)}

    response = client.post(reverse("casestudies:new"), {**editor_data(), **files})

    assert response.status_code == 400
    assert "more files than any form on this site takes" in response.content.decode()


def test_too_many_facet_values_are_cut_with_a_notice(client):
    query = "&".join(f"topic=t{n}" for n in range(500))

    response = client.get(f"/case-studies/?{query}")

    assert response.status_code == 200
    assert "filters were used" in response.content.decode()
