"""Featured case studies reach readers: marked on cards and pages, leading the home page, asked for
with ?featured=1 on the list and in the API, and first in digests."""

import pytest
from django.urls import reverse

from tests.casestudies.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

MARK = 'Featured<span class="nhsuk-u-visually-hidden"> by our curators</span>'


def test_a_featured_case_study_is_marked_on_its_card_and_its_page_and_others_are_not(client):
    CaseStudyFactory(title="Picked", featured=True)
    plain = CaseStudyFactory(title="Not picked")

    listing = client.get(reverse("casestudies:list")).content.decode()
    assert listing.count(MARK) == 1
    picked_card = listing[listing.index("Picked") - 600 : listing.index("Picked")]
    assert MARK in picked_card

    assert MARK not in client.get(plain.get_absolute_url()).content.decode()


def test_the_page_of_a_featured_case_study_says_so(client):
    picked = CaseStudyFactory(title="Picked", featured=True)

    assert MARK in client.get(picked.get_absolute_url()).content.decode()


def test_featured_case_studies_lead_the_home_page(client):
    CaseStudyFactory(title="Newest but ordinary")
    CaseStudyFactory(title="Chosen by curators", featured=True)

    page = client.get("/").content.decode()
    main = page[page.index("<main") :]

    assert "Featured case studies" in main
    assert main.index("Chosen by curators") < main.index("Latest case studies")


def test_the_home_page_has_no_featured_section_when_nothing_is_featured(client):
    CaseStudyFactory(title="Ordinary")

    assert "Featured case studies" not in client.get("/").content.decode()


def test_the_list_shows_only_featured_ones_when_asked_and_says_so(client):
    CaseStudyFactory(title="Picked one", featured=True)
    CaseStudyFactory(title="Plain one")

    page = client.get(reverse("casestudies:list"), {"featured": "1"}).content.decode()

    assert "Picked one" in page
    assert "Plain one" not in page
    assert "1 case study" in page
    assert "Remove filter" in page
    assert "Featured by our curators" in page


def test_the_featured_list_keeps_its_page_counts_fixed(client, django_assert_max_num_queries):
    for number in range(3):
        CaseStudyFactory(title=f"Picked {number}", featured=True)
    # As many as a search without the filter takes (tests/casestudies/library/test_library_pages.py; one of
    # them reads the search vocabulary once the cache is empty), plus one.
    with django_assert_max_num_queries(11):
        client.get(reverse("casestudies:list"), {"featured": "1", "q": "picked"})
    for number in range(3, 30):
        CaseStudyFactory(title=f"Picked {number}", featured=True)
    with django_assert_max_num_queries(11):
        client.get(reverse("casestudies:list"), {"featured": "1", "q": "picked"})


def test_the_api_says_which_are_featured_and_filters_by_it(client):
    CaseStudyFactory(title="Picked one", featured=True)
    CaseStudyFactory(title="Plain one")

    everything = client.get("/api/v1/case-studies/").json()["results"]
    assert {row["title"]: row["featured"] for row in everything} == {"Picked one": True, "Plain one": False}

    only = client.get("/api/v1/case-studies/", {"featured": "true"}).json()["results"]
    assert [row["title"] for row in only] == ["Picked one"]
