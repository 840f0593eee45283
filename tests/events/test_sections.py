import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from events.models import Event
from groups import extensions
from groups.models import Group
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, moderator_of

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


def test_the_group_page_section_lists_the_groups_upcoming_events_with_a_link_to_add_one_for_moderators(rf):

    event = EventFactory(title="Group huddle")
    EventFactory(title="Another group's event")
    request = rf.get("/")

    for user, sees_add_link in [(AnonymousUser(), False), (moderator_of(event.group), True)]:
        request.user = user
        [section] = [s for s in extensions.sections(request, event.group) if s.template_name.startswith("events/")]
        # The page puts the section's kept parts in its context (groups.views.GroupDetailView).
        shown = {**section.context, **{name: part.make() for name, part in section.parts.items()}}
        html = render_to_string(section.template_name, {"section": shown, "group": event.group})
        assert "Group huddle" in html
        assert "Another group's event" not in html
        assert (reverse("events:create", args=[event.group.slug]) in html) == sees_add_link
        assert event.joining_url not in html


def test_the_groups_list_counts_upcoming_scheduled_events():
    group = GroupFactory()
    EventFactory.create_batch(2, group=group)
    EventFactory(group=group, cancelled=True)
    past = EventFactory(group=group)
    Event.objects.filter(pk=past.pk).update(
        starts_at=past.starts_at.replace(year=2020), ends_at=past.ends_at.replace(year=2020)
    )

    counted = extensions.annotate_for_listing(Group.objects.filter(pk=group.pk)).get()

    assert counted.upcoming_event_count == 2
    assert "upcoming_event_count" in extensions.list_annotation_names()
