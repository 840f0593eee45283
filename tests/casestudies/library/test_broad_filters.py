"""A filtered list that reads much of a large library is counted in the library's sample and shown
as an estimate, as a broad search is; a narrow filter, and the whole library, are counted exactly.

The sample's size is lowered here so that a library of sixty case studies counts as large."""

import pytest
from django.db import connection
from django.urls import reverse

from casestudies.library import counting
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:list")
LIBRARY_SIZE = 60


@pytest.fixture(autouse=True)
def small_sample(monkeypatch):
    monkeypatch.setattr(counting, "SEARCH_SAMPLE_SIZE", 10)
    monkeypatch.setattr(counting, "ESTIMATED_FROM", 20)


@pytest.fixture
def library():
    """Sixty case studies about patient flow; two in three in acute hospitals; three in the north."""
    flow, acute, north = (
        TopicFactory(name="Patient flow"),
        CareSettingFactory(name="Acute"),
        RegionFactory(name="North"),
    )
    for number in range(LIBRARY_SIZE):
        CaseStudyFactory(
            author=False,
            topics=[flow],
            care_settings=[acute] if number % 3 else [],
            region=north if number in (5, 25, 45) else None,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casestudies_casestudy")


def facet(response, parameter: str) -> dict[str, int]:
    found = next(f for f in response.context["facets"] if f.facet.parameter == parameter)
    return {value.slug: value.count for value in found.values}


def test_a_filter_matching_much_of_a_large_library_is_estimated_from_its_sample(client, library):
    response = client.get(LIST, {"setting": "acute"})

    assert response.context["estimated"] is True
    estimate = response.context["page"].paginator.count
    assert estimate == counting.about(estimate)
    assert abs(estimate - 40) <= 20
    # The chosen facet's own counts are the whole library's, read exactly from its ledger.
    assert facet(response, "setting") == {"acute": 40}
    html = response.content.decode()
    assert f"About {estimate} case studies" in html
    assert "So many case studies match these filters that the numbers are estimates" in html
    assert "found for" not in html


def test_a_narrow_filter_in_a_large_library_is_counted_exactly(client, library):
    response = client.get(LIST, {"region": "north"})

    assert response.context["estimated"] is False
    assert response.context["page"].paginator.count == 3
    assert facet(response, "topic") == {"patient-flow": 3}
    assert facet(response, "region") == {"north": 3}
    assert "estimate" not in response.content.decode()


def test_a_narrow_match_of_two_filters_is_estimated_when_one_alone_reads_much_of_the_library(client, library):
    """The region's own counts read every acute case study, so the page is counted in the sample."""
    response = client.get(LIST, {"region": "north", "setting": "acute"})

    assert response.context["estimated"] is True
    assert "So many case studies match these filters" in response.content.decode()


def test_the_whole_library_is_counted_exactly_however_large(client, library):
    response = client.get(LIST)

    assert response.context["estimated"] is False
    assert response.context["page"].paginator.count == LIBRARY_SIZE
    assert facet(response, "setting") == {"acute": 40}
