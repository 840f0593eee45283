"""Redis is a cache and a broker: while it is away pages may be slower and emails later, but no
member's write is refused or lost, rate limits still hold, and nothing stale is served after.

Each test runs a Redis server of its own (tests/redis_server.py) and stops or freezes it."""

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.urls import reverse

from casestudies.spread.models import AuthorQuestion
from core.rate_limits import StricterWhileRedisIsDown, halved
from core.tasks import cache_recover
from events.models import Registration
from members.models import User
from outbox.models import OutgoingEmail
from outbox.services import SWEEP_GRACE, outbox_sweep
from tests.casestudies.factories import CaseStudyFactory, CollectionFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory
from tests.members.factories import PASSWORD, UserFactory
from tests.processes import start_worker, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BROWSED = ["/", "/events/", "/groups/", "/collections/", "/case-studies/", "/case-studies/?q=falls",
           "/api/v1/case-studies/", "/api/v1/events/", "/api/v1/groups/"]  # fmt: skip


@pytest.fixture
def content():
    group = GroupFactory(slug="outage-group")
    case_study = CaseStudyFactory(title="Fewer falls at night", slug="fewer-falls")
    CollectionFactory(slug="outage-collection", case_studies=[case_study])
    return {"event": EventFactory(group=None, capacity=10), "case_study": case_study, "group": group}


def no_server_errors(client: Client, addresses) -> dict[str, int]:
    return {address: client.get(address).status_code for address in addresses}


@pytest.mark.usefixtures("page_cache_on")
def test_with_redis_stopped_every_write_is_saved_and_every_page_served_and_mail_follows_once_it_is_back(
    own_redis, smtp_server, content, settings
):
    member = UserFactory(email="member@example.org")
    author = content["case_study"].authors.first().member
    visitor = Client(raise_request_exception=False)
    assert set(no_server_errors(visitor, BROWSED).values()) == {200}  # pages kept in Redis

    own_redis.stop()

    assert set(no_server_errors(visitor, BROWSED).values()) == {200}
    health = visitor.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert set(health.json()["down"]) == {"broker", "cache"}

    a_member_signs_in_registers_and_asks(member, content)
    a_newcomer_signs_up()

    waiting = list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).values_list("to_address", flat=True)
    )
    # The new member's address confirmation waits in the outbox with the rest (account emails too).
    assert sorted(waiting) == sorted([member.email, author.email, "new@example.org"])

    own_redis.start()
    assert visitor.get("/healthz").json()["status"] == "ok"
    what_waited_is_delivered_once(own_redis, smtp_server, settings)


def a_member_signs_in_registers_and_asks(member, content) -> None:
    """With Redis down a member signs in, registers for an event and asks an author a question."""
    signed_in = Client(raise_request_exception=False)
    response = signed_in.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code in {302, 303}
    assert "_auth_user_id" in signed_in.session
    response = signed_in.post(reverse("events:register", args=[content["event"].slug]))
    assert response.status_code in {302, 303}
    assert Registration.objects.get(user=member).is_registered
    response = signed_in.post(
        reverse("casestudies:ask", kwargs={"slug": content["case_study"].slug}),
        {"text": "How did you get the night staff on board with the new checks?"},
    )
    assert response.status_code in {302, 303}
    assert AuthorQuestion.objects.filter(asker=member).exists()
    assert set(no_server_errors(signed_in, [*BROWSED, "/me/", "/me/events/"]).values()) == {200}


def a_newcomer_signs_up() -> None:
    """With Redis down a newcomer's account is made."""
    newcomer = Client(raise_request_exception=False)
    response = newcomer.post(
        reverse("account_signup"),
        {"name": "New Member", "email": "new@example.org", "password1": "a-long-secret-phrase",
         "password2": "a-long-secret-phrase"},
    )  # fmt: skip
    assert response.status_code in {302, 303}
    assert User.objects.filter(email="new@example.org").exists()


def what_waited_is_delivered_once(own_redis, smtp_server, settings) -> None:
    """Redis is back: the outbox sweep hands what waited to a worker, which sends each email once."""
    queue = "outage-test"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    from celery import current_app

    current_app.conf.task_default_queue = queue
    worker = start_worker(queue, REDIS_URL=own_redis.url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_server.port))
    try:
        OutgoingEmail.objects.update(
            next_attempt_at=OutgoingEmail.objects.earliest("created_at").created_at - SWEEP_GRACE
        )
        assert len(outbox_sweep()) == 3  # the two notices and the address confirmation
        wait_for(
            lambda: not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists(),
            timeout=60,
            what="the worker to send what waited",
        )
    finally:
        current_app.conf.task_default_queue = "celery"
        log = stop(worker)
    # Each email the outbox held is delivered once, the sign-up's address confirmation among them.
    delivered = [message["Message-ID"] for message in smtp_server.messages]
    for email in OutgoingEmail.objects.all():
        assert delivered.count(email.message_id) == 1, log


def test_with_redis_stopped_account_limits_are_counted_in_the_database_at_half_the_rate(own_redis, client):
    member = UserFactory()
    own_redis.stop()

    statuses = [client.post("/accounts/password/reset/", {"email": member.email}).status_code for _ in range(6)]

    # Five a minute for one address while Redis answers; once a request has found it gone, two.
    assert statuses == [302] * 3 + [429] * 3


@pytest.mark.usefixtures("page_cache_on")
def test_a_change_made_while_redis_was_unreachable_is_shown_once_it_answers_again(own_redis, content):
    visitor = Client()
    assert "A new event while Redis was away" not in visitor.get("/events/").content.decode()
    assert visitor.get("/events/").status_code == 200  # now kept in Redis

    own_redis.freeze()
    try:
        with transaction.atomic():
            EventFactory(group=None, title="A new event while Redis was away")
    finally:
        own_redis.thaw()

    assert "A new event while Redis was away" in visitor.get("/events/").content.decode()


@pytest.mark.usefixtures("page_cache_on")
def test_a_change_another_process_could_not_tell_redis_about_is_retired_by_the_minute_task(own_redis, content):
    from django.core.cache import cache

    visitor = Client()
    visitor.get("/events/")
    own_redis.freeze()
    try:
        EventFactory(group=None, title="Written by a process that then died")
    finally:
        own_redis.thaw()
    # This process forgets it lost the change, as a process killed during the outage would;
    # the note it left in the database is what the minute task reads.
    cache.health.lost = False
    cache.health.down_since = None

    assert "Written by a process that then died" not in visitor.get("/events/").content.decode()
    assert cache_recover() is True
    cache.health.generation = None

    assert "Written by a process that then died" in visitor.get("/events/").content.decode()


def test_with_redis_stopped_the_api_limit_is_counted_in_the_database_and_halved(own_redis, client, settings):
    settings.API_RATE_LIMIT_ANONYMOUS = 6
    # Counts left by tests that committed (the cache table is not a model, so no flush empties it).
    caches["fallback"].clear()
    own_redis.stop()

    statuses = [client.get("/api/v1/taxonomy/").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 429, 429]


def test_with_redis_stopped_sign_ups_are_limited_at_half_the_rate(own_redis, client, settings):
    settings.ACCOUNT_RATE_LIMITS = StricterWhileRedisIsDown({"signup": "4/m/ip"})
    caches["fallback"].clear()
    own_redis.stop()

    statuses = [client.post(reverse("account_signup"), {"email": "not-an-address"}).status_code for _ in range(4)]

    # The first request finds Redis gone (and is counted at the full rate); from then on two a
    # minute, where Redis allows four (the next test).
    assert statuses == [200, 200, 200, 429]


def test_with_redis_answering_sign_ups_keep_their_full_rate(own_redis, client, settings):
    settings.ACCOUNT_RATE_LIMITS = StricterWhileRedisIsDown({"signup": "4/m/ip"})

    statuses = [client.post(reverse("account_signup"), {"email": "not-an-address"}).status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


@pytest.mark.parametrize(
    ("rates", "half"),
    [("30/m/ip", "15/m/ip"), ("10/m/ip,5/5m/key", "5/m/ip,2/5m/key"), ("1/3m/key", "1/3m/key")],
)
def test_a_rate_is_halved_amount_by_amount_and_never_below_one(rates, half):
    assert halved(rates) == half


def test_a_member_who_signs_out_while_redis_is_away_stays_signed_out_once_it_answers(own_redis):
    member = UserFactory()
    laptop = Client(raise_request_exception=False)
    laptop.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert laptop.get("/me/").status_code == 200  # the session is now held in Redis too
    cookie = laptop.cookies["sessionid"].value

    own_redis.freeze()
    try:
        laptop.post(reverse("account_logout"))
    finally:
        own_redis.thaw()

    replayed = Client(raise_request_exception=False)
    replayed.cookies["sessionid"] = cookie
    assert replayed.get("/me/").status_code == 302
