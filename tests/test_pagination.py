"""Every paged list draws its previous and next links with the one include, keeping its filters."""

import pytest
from django.urls import reverse

from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory


@pytest.mark.django_db
def test_the_groups_list_links_its_next_page_with_the_search_kept(client):
    GroupFactory.create_batch(21)

    html = client.get(reverse("groups:list"), {"q": "improvement"}).content.decode()

    assert 'href="?q=improvement&amp;page=2"' in html
    assert "Page 2 of 2" in html
    assert 'rel="next"' in html


@pytest.mark.django_db
def test_the_second_page_of_events_links_back_to_the_first_with_the_filters_kept(client):
    EventFactory.create_batch(21)

    html = client.get(reverse("events:list"), {"format": "online", "page": 2}).content.decode()

    assert 'href="?format=online&amp;page=1"' in html
    assert "Page 1 of 2" in html
    assert 'rel="prev"' in html


@pytest.mark.django_db
def test_a_list_of_one_page_draws_no_page_links(client):
    GroupFactory.create_batch(3)

    html = client.get(reverse("groups:list")).content.decode()

    assert "nhsuk-pagination" not in html
