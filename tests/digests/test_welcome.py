"""The first sign-in's short, optional welcome: follow a few topics and groups, choose the digest,
or skip; either way the member goes on to where they were going."""

import pytest
from django.urls import reverse

from digests.models import DigestPreference, Frequency
from members.models import Follow, FollowKind
from tests.casestudies.factories import TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory
from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
WELCOME = reverse("digests:welcome")


def sign_in(client, user, next_path: str):
    return client.post(f"{reverse('account_login')}?next={next_path}", {"login": user.email, "password": PASSWORD})


def test_the_first_sign_in_from_an_event_is_welcomed_then_goes_back_to_the_event(client):
    event = EventFactory(slug="flow-clinic")
    flow, workforce = TopicFactory(name="Patient flow"), TopicFactory(name="Workforce")
    group = GroupFactory(name="Discharge network")
    user = UserFactory()

    signed_in = sign_in(client, user, event.get_absolute_url())
    assert signed_in["Location"] == f"{WELCOME}?next=%2Fevents%2Fflow-clinic%2F"
    page = client.get(signed_in["Location"]).content.decode()
    for words in ["Patient flow", "Workforce", "Discharge network", "Skip for now"]:
        assert words in page

    saved = client.post(
        WELCOME,
        {"topics": [flow.pk, workforce.pk], "groups": [group.pk], "frequency": "daily", "next": "/events/flow-clinic/"},
    )

    assert saved["Location"] == "/events/flow-clinic/"
    assert set(Follow.objects.filter(user=user).values_list("kind", "object_id")) == {
        (FollowKind.TOPIC, flow.pk),
        (FollowKind.TOPIC, workforce.pk),
        (FollowKind.GROUP, group.pk),
    }
    assert DigestPreference.objects.get(user=user).frequency == Frequency.DAILY
    client.logout()
    assert sign_in(client, user, "/events/flow-clinic/")["Location"] == "/events/flow-clinic/"


def test_skipping_the_welcome_goes_on_and_is_not_asked_again(client):
    user = UserFactory()
    sign_in(client, user, "/groups/")

    skipped = client.post(WELCOME, {"skip": "", "next": "/groups/"})

    assert skipped["Location"] == "/groups/"
    assert not Follow.objects.filter(user=user).exists()
    assert DigestPreference.objects.get(user=user).frequency == Frequency.WEEKLY
    client.logout()
    assert sign_in(client, user, "/groups/")["Location"] == "/groups/"


def test_bad_choices_in_the_welcome_are_explained_and_nothing_is_saved(client):
    user = UserFactory()
    client.force_login(user)
    private = GroupFactory(private=True)

    response = client.post(WELCOME, {"topics": ["999999"], "groups": [private.pk], "frequency": "hourly"})

    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Follow.objects.filter(user=user).exists()


def test_the_welcome_never_sends_a_member_to_another_site(client):
    client.force_login(UserFactory())
    response = client.post(WELCOME, {"skip": "", "next": "https://evil.example.net/"})
    assert response["Location"] == "/"
