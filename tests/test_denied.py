"""A refused action gets one page that says why and where to go next."""

import pytest
from django.urls import reverse

from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, member_of


@pytest.mark.django_db
def test_a_member_who_is_not_a_moderator_is_told_why_and_sent_back_to_the_groups(client, user):
    group = GroupFactory()
    member_of(group, user=user)
    client.force_login(user)

    response = client.get(reverse("groups:edit", args=[group.slug]))

    assert response.status_code == 403
    html = response.content.decode()
    assert f"Only the moderators of {group.name} can do that." in html
    assert f'<a href="{reverse("groups:list")}">Go to the groups</a>' in html


@pytest.mark.django_db
def test_a_member_who_cannot_manage_an_event_is_told_why_and_sent_back_to_the_events(client, user):
    event = EventFactory()
    client.force_login(user)

    response = client.get(reverse("events:edit", args=[event.slug]))

    assert response.status_code == 403
    html = response.content.decode()
    assert "can do that." in html
    assert f'<a href="{reverse("events:list")}">Go to the events</a>' in html
