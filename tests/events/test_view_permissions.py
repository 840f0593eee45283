"""Who reaches each event page: visitors, outsiders, members, moderators and curators."""

import pytest
from django.urls import reverse

from events.models import Event, Registration
from tests.events.event_form import form_data
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, member_of, moderator_of
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.django_db


def curator_with_mfa():
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)
    return curator


ROLES = ["visitor", "outsider", "member", "moderator", "curator"]


def sign_in(client, role: str, group):
    user = {
        "visitor": lambda: None,
        "outsider": UserFactory,
        "member": lambda: member_of(group),
        "moderator": lambda: moderator_of(group),
        "curator": curator_with_mfa,
    }[role]()
    if user is not None:
        client.force_login(user)
    return user


MANAGE_EXPECTED = {"visitor": 302, "outsider": 403, "member": 403, "moderator": 200, "curator": 200}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["edit", "cancel", "attendees", "attendees_csv"])
def test_only_moderators_and_curators_reach_the_management_pages_of_a_group_event(client, role, name):
    event = EventFactory()
    sign_in(client, role, event.group)

    response = client.get(reverse(f"events:{name}", args=[event.slug]))

    assert response.status_code == MANAGE_EXPECTED[role]
    if role == "visitor":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_and_curators_reach_the_new_event_page_of_a_group(client, role):
    group = GroupFactory()
    sign_in(client, role, group)

    assert client.get(reverse("events:create", args=[group.slug])).status_code == MANAGE_EXPECTED[role]


@pytest.mark.parametrize("role", ["visitor", "outsider", "member"])
def test_people_who_are_not_moderators_cannot_post_to_create_edit_or_cancel(client, role):
    event = EventFactory(title="Original")
    sign_in(client, role, event.group)

    create = client.post(reverse("events:create", args=[event.group.slug]), form_data())
    edit = client.post(reverse("events:edit", args=[event.slug]), form_data(title="Hijacked"))
    cancel = client.post(reverse("events:cancel", args=[event.slug]), {"message": "no"})

    assert {create.status_code, edit.status_code, cancel.status_code} == {302 if role == "visitor" else 403}
    event.refresh_from_db()
    assert event.title == "Original"
    assert not event.is_cancelled
    assert Event.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "expected"), [("visitor", 302), ("outsider", 403), ("member", 403), ("moderator", 403), ("curator", 200)]
)
def test_only_curators_with_two_factor_authentication_manage_site_events(client, role, expected):
    event = EventFactory(site=True)
    sign_in(client, role, GroupFactory())

    assert client.get(reverse("events:create_site")).status_code == expected
    assert client.get(reverse("events:edit", args=[event.slug])).status_code == expected


def test_a_curator_without_two_factor_authentication_is_sent_to_set_it_up(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("events:create_site"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


@pytest.mark.parametrize(("role", "expected"), [("visitor", 404), ("outsider", 404), ("member", 200), ("curator", 200)])
def test_events_of_a_private_group_are_seen_only_by_its_members_and_curators(client, role, expected):
    event = EventFactory(group=GroupFactory(private=True))
    sign_in(client, role, event.group)

    assert client.get(reverse("events:detail", args=[event.slug])).status_code == expected
    assert client.get(reverse("events:calendar", args=[event.slug])).status_code == expected
    listed = event.title in client.get(reverse("events:list")).content.decode()
    assert listed == (expected == 200)


def test_outsiders_cannot_register_for_a_private_groups_event(client):
    event = EventFactory(group=GroupFactory(private=True))
    client.force_login(UserFactory())

    assert client.post(reverse("events:register", args=[event.slug])).status_code == 404
    assert not Registration.objects.exists()


def test_visitors_are_asked_to_sign_in_to_register_and_get_only_post(client):
    event = EventFactory()

    assert client.post(reverse("events:register", args=[event.slug]))["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory())
    assert client.get(reverse("events:register", args=[event.slug])).status_code == 405


def test_my_events_page_needs_signing_in(client):
    assert client.get(reverse("events:mine")).status_code == 302
    assert client.post(reverse("events:calendar_reset")).status_code == 302
