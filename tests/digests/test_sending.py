"""The digest job: due members in their timezone, batches of ids, exactly once per member and
period, a fixed number of queries per batch, and a real email at the end."""

import re
import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from digests import compose, services
from digests.models import DigestPreference, Frequency
from digests.schedule import rhythm_of
from members.models import Follow, FollowKind
from outbox.models import OutgoingEmail, Stream, StreamOptOut
from outbox.services import email_send
from tests.casestudies.factories import CaseStudyFactory, CollectionFactory, TopicFactory
from tests.digests.factories import DigestPreferenceFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, MembershipFactory, ThreadFactory
from tests.members.factories import UserFactory
from tests.processes import race
from tests.smtp import html, plain_text


def with_news(preference, title="Shorter waits"):
    """A case study in a topic the member follows, published just after their last digest."""
    topic = TopicFactory()
    Follow.objects.create(user=preference.user, kind=FollowKind.TOPIC, object_id=topic.pk)
    return CaseStudyFactory(title=title, topics=[topic], published_at=preference.covered_until + timedelta(minutes=1))


def digests():
    return OutgoingEmail.objects.filter(stream=Stream.DIGEST)


@pytest.mark.django_db
def test_a_due_member_gets_one_digest_under_the_member_and_period_key():
    preference = DigestPreferenceFactory()
    with_news(preference)

    services.digest_send_batch(preference_ids=[preference.pk])
    services.digest_send_batch(preference_ids=[preference.pk])

    [email] = digests()
    preference.refresh_from_db()
    slot = preference.covered_until.astimezone(zoneinfo.ZoneInfo("Europe/London"))
    assert email.idempotency_key == f"digest:{preference.user_id}:weekly:{slot.date().isoformat()}"
    assert email.context["case_studies"][0]["title"] == "Shorter waits"
    assert preference.next_due_at > timezone.now()
    assert preference.covered_until <= timezone.now()


@pytest.mark.django_db
def test_the_next_digest_holds_only_what_came_after_the_last_one():
    preference = DigestPreferenceFactory(frequency=Frequency.DAILY)
    with_news(preference, "First")
    services.digest_send_batch(preference_ids=[preference.pk])
    preference.refresh_from_db()
    with_news(preference, "Second")

    services.digest_send_batch(preference_ids=[preference.pk], now=preference.next_due_at + timedelta(minutes=1))

    first, second = digests().order_by("created_at")
    assert [item["title"] for item in first.context["case_studies"]] == ["First"]
    assert [item["title"] for item in second.context["case_studies"]] == ["Second"]
    assert first.idempotency_key != second.idempotency_key


@pytest.mark.django_db
def test_nothing_new_means_no_email_but_the_period_is_done():
    preference = DigestPreferenceFactory()

    services.digest_send_batch(preference_ids=[preference.pk])

    assert not digests().exists()
    preference.refresh_from_db()
    assert preference.next_due_at > timezone.now()


@pytest.mark.django_db
def test_members_who_turned_the_digest_off_or_unsubscribed_are_not_due():
    off = DigestPreferenceFactory(frequency=Frequency.OFF)
    unsubscribed = DigestPreferenceFactory()
    StreamOptOut.objects.create(user=unsubscribed.user, stream=Stream.DIGEST)
    inactive = DigestPreferenceFactory(user=UserFactory(is_active=False))
    due = DigestPreferenceFactory()

    assert services.due_preference_ids(now=timezone.now()) == [due.pk]
    assert not {off.pk, unsubscribed.pk, inactive.pk} & set(services.due_preference_ids(now=timezone.now()))


@pytest.mark.django_db
def test_only_members_whose_local_time_has_come_are_due():
    # Monday 13:05 UTC: 13:05 in London, 08:05 in New York, 02:05 on Tuesday in Auckland.
    now = datetime(2026, 11, 30, 13, 5, tzinfo=UTC)
    users = {zone: UserFactory(timezone=zone) for zone in ("Europe/London", "America/New_York", "Pacific/Auckland")}
    for user in users.values():
        preference = DigestPreference(user=user, frequency=Frequency.DAILY, send_time=time(8, 0))
        # As the previous run, a quarter of an hour ago, left them.
        preference.next_due_at = rhythm_of(preference, user.zoneinfo).slot_after(now - timedelta(minutes=15))
        preference.save()

    due = DigestPreference.objects.filter(pk__in=services.due_preference_ids(now=now))

    assert [preference.user for preference in due] == [users["America/New_York"]]


@pytest.mark.django_db
def test_the_job_gives_new_members_the_weekly_default_and_queues_due_ones_in_batches(task_queue, monkeypatch):
    due = [DigestPreferenceFactory() for _ in range(5)]
    newcomer = UserFactory()
    monkeypatch.setattr(services, "BATCH_SIZE", 2)

    count = services.digests_schedule()

    assert count == 5
    assert task_queue.email_ids() == [[due[0].pk, due[1].pk], [due[2].pk, due[3].pk], [due[4].pk]]
    created = DigestPreference.objects.get(user=newcomer)
    assert created.frequency == Frequency.WEEKLY
    assert created.next_due_at > timezone.now()


@pytest.mark.django_db
def test_a_batch_runs_the_same_number_of_queries_for_three_members_as_for_twenty():
    def batch(size):
        preferences = [DigestPreferenceFactory() for _ in range(size)]
        for preference in preferences:
            with_news(preference)
        return [preference.pk for preference in preferences]

    small, large = batch(3), batch(20)
    with CaptureQueriesContext(connection) as few:
        services.digest_send_batch(preference_ids=small)
    with CaptureQueriesContext(connection) as many:
        services.digest_send_batch(preference_ids=large)

    assert digests().count() == 23
    assert len(many.captured_queries) == len(few.captured_queries) <= 22


@pytest.mark.django_db
def test_a_batch_that_dies_halfway_leaves_its_members_due_for_the_next_run():
    preference = DigestPreferenceFactory()
    with_news(preference)

    def killed_after_composing():
        with transaction.atomic():
            services.digest_send_batch(preference_ids=[preference.pk])
            raise RuntimeError("the worker was killed")

    with pytest.raises(RuntimeError):
        killed_after_composing()

    assert not digests().exists()
    assert services.due_preference_ids(now=timezone.now()) == [preference.pk]
    services.digest_send_batch(preference_ids=[preference.pk])
    assert digests().count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_the_same_batch_at_once_write_one_digest(task_queue):
    preference = DigestPreferenceFactory()
    with_news(preference)

    def send():
        return services.digest_send_batch(preference_ids=[preference.pk])

    assert race(send, send, what="the second worker") == (1, 0)
    assert services.digest_send_batch(preference_ids=[preference.pk]) == 0, "and a late third run neither"
    assert digests().count() == 1


@pytest.mark.django_db
def test_the_digest_arrives_as_a_multipart_email_with_one_click_unsubscribe(smtp_server):
    preference = DigestPreferenceFactory(user=UserFactory(name="Priya Shah"))
    with_news(preference, "Shorter waits in outpatients")
    services.digest_send_batch(preference_ids=[preference.pk])

    email_send(email_id=digests().get().pk)

    [message] = smtp_server.messages
    assert message["Subject"] == f"1 new for you on {settings.SITE_NAME}"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in message["List-Unsubscribe"]
    text, markup = plain_text(message), html(message)
    assert "Hello Priya," in text
    assert "Shorter waits in outpatients" in text
    assert f"{settings.SITE_URL}/case-studies/" in text
    assert f'href="{settings.SITE_URL}/case-studies/' in markup
    assert f'href="{settings.SITE_URL}/me/settings/email/"' in markup


@pytest.mark.django_db
def test_the_digests_footer_says_in_plain_words_why_it_came(smtp_server):
    preference = DigestPreferenceFactory()
    with_news(preference)
    services.digest_send_batch(preference_ids=[preference.pk])

    email_send(email_id=digests().get().pk)

    [message] = smtp_server.messages
    for part in (plain_text(message), html(message)):
        assert "and get the digest of what is new" in " ".join(part.split())
        assert "get emails about digest" not in part


def test_beat_looks_for_due_digests_every_quarter_of_an_hour():
    from digests.tasks import schedule_digests

    entry = settings.CELERY_BEAT_SCHEDULE["digests-schedule"]
    assert entry["schedule"] == 900.0
    assert entry["task"] == schedule_digests.name


@pytest.mark.django_db
def test_every_item_of_every_kind_links_to_its_page_on_the_site(smtp_server):
    preference = DigestPreferenceFactory(covered_until=timezone.now() - timedelta(days=14))
    group = GroupFactory()
    MembershipFactory(group=group, user=preference.user)
    with_news(preference, "A case study")
    event = EventFactory(group=group, title="An event")
    thread = ThreadFactory(group=group, title="A thread")
    collection = CollectionFactory(title="A collection", featured=True)
    moment = preference.covered_until + timedelta(minutes=2)
    type(event).objects.filter(pk=event.pk).update(created_at=moment)
    type(thread).objects.filter(pk=thread.pk).update(created_at=moment)
    type(collection).objects.filter(pk=collection.pk).update(updated_at=moment)

    services.digest_send_batch(preference_ids=[preference.pk])
    email_send(email_id=digests().get().pk)

    [message] = smtp_server.messages
    links = re.findall(r'href="([^"]*)"', html(message))
    for path in (event.get_absolute_url(), thread.get_absolute_url(), collection.get_absolute_url()):
        assert f"{settings.SITE_URL}{path}" in links
        assert f"{settings.SITE_URL}{path}" in plain_text(message)
    assert all(link == settings.SITE_URL or link.startswith(settings.SITE_URL + "/") for link in links)


@pytest.mark.django_db
def test_a_long_digest_shows_the_first_few_of_a_section_and_leads_on_to_the_rest(smtp_server, monkeypatch):
    monkeypatch.setattr(compose, "SECTION_LIMIT", 2)
    preference = DigestPreferenceFactory()
    for number in range(5):
        with_news(preference, f"News {number}")
    services.digest_send_batch(preference_ids=[preference.pk])

    email_send(email_id=digests().get().pk)

    [message] = smtp_server.messages
    text, markup = plain_text(message), html(message)
    assert message["Subject"] == f"5 new for you on {settings.SITE_NAME}"
    assert "News 1" in text
    assert "News 2" not in text
    assert f"3 more new case studies in the library: {settings.SITE_URL}/case-studies/" in text
    assert f'href="{settings.SITE_URL}/case-studies/" style="color:#005eb8;">3 more new case studies' in markup
