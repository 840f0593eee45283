"""The joining link reaches registered attendees only: on the event page and in their emails."""

import pytest
from django.urls import reverse

from events import services
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import moderator_of
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/only-for-attendees-4711"


def pages_and_files(event, feed_url: str) -> list[str]:
    return [
        reverse("events:list"),
        reverse("events:list") + "?tab=past",
        reverse("events:detail", args=[event.slug]),
        reverse("events:calendar", args=[event.slug]),
        reverse("events:group_calendar", args=[event.group.slug]),
        reverse("home"),
        feed_url,
    ]


@pytest.mark.parametrize("who", ["visitor", "signed in", "waitlisted", "cancelled", "moderator"])
def test_the_joining_link_is_in_no_page_or_file_that_a_non_attendee_can_reach(client, who):
    event = EventFactory(joining_url=LINK, capacity=1)
    attendee = RegistrationFactory(event=event).user
    user = {
        "visitor": lambda: None,
        "signed in": UserFactory,
        "waitlisted": lambda: RegistrationFactory(event=event, waitlisted=True).user,
        "cancelled": lambda: RegistrationFactory(event=event, cancelled=True).user,
        "moderator": lambda: moderator_of(event.group),
    }[who]()
    # Even the attendee's own calendar feed leaves the link out: feeds get shared.
    feed = services.calendar_feed_for(user=attendee)
    urls = pages_and_files(event, feed.get_absolute_url())
    if user is not None:
        client.force_login(user)
        urls += [reverse("events:mine"), reverse("members:dashboard")]
    if who == "moderator":
        urls += [reverse("events:attendees", args=[event.slug]), reverse("events:attendees_csv", args=[event.slug])]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"only-for-attendees-4711" not in response.content, url


def test_a_registered_attendee_sees_the_joining_link_on_the_event_page(client):
    event = EventFactory(joining_url=LINK)
    client.force_login(RegistrationFactory(event=event).user)

    assert LINK in client.get(reverse("events:detail", args=[event.slug])).content.decode()


def test_the_joining_link_is_hidden_once_the_event_is_cancelled(client):
    event = EventFactory(joining_url=LINK)
    client.force_login(RegistrationFactory(event=event).user)
    services.event_cancel(event=event, message="Sorry.")

    assert LINK not in client.get(reverse("events:detail", args=[event.slug])).content.decode()


def test_an_in_person_event_keeps_no_joining_link(client):
    event = EventFactory(in_person=True)
    client.force_login(moderator_of(event.group))
    local = event.starts_at.astimezone(event.zoneinfo)
    end = event.ends_at.astimezone(event.zoneinfo)

    client.post(
        reverse("events:edit", args=[event.slug]),
        {
            "title": event.title,
            "kind": "meetup",
            "format": "in_person",
            "timezone": "Europe/London",
            "starts_at": f"{local:%Y-%m-%dT%H:%M}",
            "ends_at": f"{end:%Y-%m-%dT%H:%M}",
            "venue": "Hall",
            "joining_url": LINK,
        },
    )

    event.refresh_from_db()
    assert event.joining_url == ""
