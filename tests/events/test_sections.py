import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_upcoming_events_the_reader_may_see(client):
    EventFactory(title="Open webinar on flow")
    EventFactory(title="Secret meeting", group=GroupFactory(private=True))

    page = client.get(reverse("home")).content.decode()

    assert "Upcoming events" in page
    assert "Open webinar on flow" in page
    assert "Secret meeting" not in page


def test_the_dashboard_links_to_your_events(member_client):
    page = member_client.get(reverse("members:dashboard")).content.decode()

    assert reverse("events:mine") in page
    assert "Your events" in page


def test_demo_content_is_seeded_once(db):
    call_command("seed_demo")
    call_command("seed_demo")

    assert Event.objects.filter(slug__startswith="demo-").count() == 3
