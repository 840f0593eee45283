"""Email settings, the preview, the first sign-in question and the dashboard link."""

from datetime import time

import pytest
from django.urls import reverse

from digests import compose
from digests.models import DigestPreference, Frequency
from members.models import Follow, FollowKind
from outbox.models import Stream, StreamOptOut
from outbox.tokens import unsubscribe_token
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.digests.factories import DigestPreferenceFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SETTINGS = "/me/settings/email/"
PREVIEW = "/me/settings/email/preview/"


def choices(**overrides):
    data = {"frequency": "daily", "weekday": "2", "send_time": "07:30", "streams": ["event_notices"]}
    data.update(overrides)
    return data


@pytest.mark.parametrize("path", [SETTINGS, PREVIEW])
def test_visitors_are_asked_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_settings_page_shows_the_weekly_default_and_every_choice(member_client, django_assert_max_num_queries):
    TopicFactory(name="Patient flow")
    TopicFactory.create_batch(10)

    with django_assert_max_num_queries(20):
        response = member_client.get(SETTINGS)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="weekly" checked' in page
    assert "Patient flow" in page
    assert "Event registrations, changes and reminders" in page
    assert "Account security" not in page


def test_saving_settings_sets_the_next_digest_time_and_the_streams(member_client, user):
    flow = TopicFactory()
    group = GroupFactory()
    MembershipFactory(group=group, user=user)

    response = member_client.post(SETTINGS, choices(topics=[flow.pk], muted_groups=[group.pk]))

    assert response.status_code == 302
    preference = DigestPreference.objects.get(user=user)
    assert (preference.frequency, preference.weekday, preference.send_time) == (Frequency.DAILY, 2, time(7, 30))
    assert list(Follow.objects.filter(user=user).values_list("kind", "object_id")) == [(FollowKind.TOPIC, flow.pk)]
    assert list(preference.muted_groups.all()) == [group]
    assert preference.chosen_at is not None
    assert preference.next_due_at.astimezone(user.zoneinfo).time() == time(7, 30)
    assert set(StreamOptOut.objects.filter(user=user).values_list("stream", flat=True)) == {
        stream for stream in Stream.optional() if stream not in {Stream.DIGEST, Stream.EVENT_NOTICES}
    }


def test_a_member_cannot_mute_a_group_they_are_not_in(member_client, user):
    MembershipFactory(user=user)
    elsewhere = GroupFactory()

    response = member_client.post(SETTINGS, choices(muted_groups=[elsewhere.pk]))

    assert response.status_code == 200
    assert not DigestPreference.objects.filter(user=user, chosen_at__isnull=False).exists()


@pytest.mark.parametrize(
    "bad",
    [{"frequency": "hourly"}, {"send_time": "07:15"}, {"send_time": "25:00"}, {"weekday": "9"}, {"topics": ["x"]}],
)
def test_bad_choices_are_explained_and_nothing_is_saved(member_client, user, bad):
    response = member_client.post(SETTINGS, choices(**bad))

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not DigestPreference.objects.filter(user=user, chosen_at__isnull=False).exists()


def test_after_a_digest_unsubscribe_the_page_shows_off_and_choosing_again_turns_it_back_on(client, member_client, user):
    client.post(
        f"/unsubscribe/{unsubscribe_token(user_id=user.pk, stream=Stream.DIGEST)}/", {"List-Unsubscribe": "One-Click"}
    )

    assert 'value="off" checked' in member_client.get(SETTINGS).content.decode()

    member_client.post(SETTINGS, choices(frequency="weekly"))
    assert not StreamOptOut.objects.filter(user=user, stream=Stream.DIGEST).exists()


def test_the_preview_shows_what_the_next_digest_would_hold(member_client, user, django_assert_max_num_queries):
    flow = TopicFactory()
    DigestPreferenceFactory(user=user, topics=[flow])
    CaseStudyFactory(title="Shorter waits", topics=[flow])

    with django_assert_max_num_queries(20):
        response = member_client.get(PREVIEW)

    assert "Shorter waits" in response.content.decode()


def test_the_preview_leads_on_to_what_a_long_digest_leaves_out(member_client, user, monkeypatch):
    monkeypatch.setattr(compose, "SECTION_LIMIT", 2)
    flow = TopicFactory()
    DigestPreferenceFactory(user=user, topics=[flow])
    CaseStudyFactory.create_batch(3, topics=[flow])

    html = member_client.get(PREVIEW).content.decode()

    assert f'<a href="{reverse("casestudies:list")}">1 more new case study in the library</a>' in html


def test_the_preview_says_when_there_is_nothing_new(member_client):
    assert "no email would be sent" in member_client.get(PREVIEW).content.decode()


def test_a_member_is_welcomed_on_first_sign_in_and_not_after(client):
    user = UserFactory()

    first = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert first["Location"] == f"{reverse('digests:welcome')}?next=%2F"
    assert "Welcome," in client.get(first["Location"]).content.decode()
    saved = client.post(reverse("digests:welcome"), {"frequency": "weekly", "next": "/"})
    assert saved["Location"] == "/"

    client.logout()
    again = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert again["Location"] == "/"


def test_the_settings_page_never_redirects_to_another_site(member_client):
    response = member_client.post(SETTINGS, choices(next="https://evil.example.net/"))

    assert response["Location"] == SETTINGS


def test_the_dashboard_links_to_email_settings(member_client):
    assert f'href="{SETTINGS}"' in member_client.get("/me/").content.decode()
