"""Queries built once a process and sent with each call's own values (core.fixed_sql): the same
rows, fields, relations and annotations as the QuerySet they are written as, for every value, and
planned once a database connection."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.db.models import Value
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.fixed_sql import STAND_IN_ID, STAND_IN_TEXT, STAND_IN_TIME, FixedQuery
from core.sessions import SessionStore
from events.models import Event
from groups.models import Group
from members.models import User
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def _events_with_reader(slug, member_id):
    return Event.objects.select_related("group").with_counts().with_reader(User(pk=member_id)).filter(slug=slug)


def test_each_call_reads_its_own_values_with_relations_annotations_and_converters():
    built = []

    def build(slug, member_id):
        built.append((slug, member_id))
        return _events_with_reader(slug, member_id)

    fixed = FixedQuery(Event, build, slug=STAND_IN_TEXT, member_id=STAND_IN_ID)
    first, second = EventFactory(), EventFactory(capacity=10)
    holder, waiting = UserFactory(), UserFactory()
    RegistrationFactory(event=second, user=holder)
    RegistrationFactory(event=second, user=waiting, waitlisted=True)
    MembershipFactory(group=second.group, user=holder, moderator=True)

    for event in (first, second):
        for member in (holder, waiting):
            expected = _events_with_reader(event.slug, member.pk).get()
            found = fixed.first(slug=event.slug, member_id=member.pk)
            assert found is not None
            assert (found.pk, found.title, found.starts_at) == (expected.pk, expected.title, expected.starts_at)
            assert found.group.name == expected.group.name  # the related row, with no query of its own
            assert found.reader_id == member.pk  # a number in the select list (psycopg's Int4)
            assert found.reader_registration == expected.reader_registration  # JSON, converted
            assert found.group_reader_membership == expected.group_reader_membership
            assert (found.registered_count, found.waitlisted_count) == (
                expected.registered_count,
                expected.waitlisted_count,
            )
    assert fixed.first(slug=second.slug, member_id=holder.pk).reader_registration["status"] == "registered"
    assert fixed.first(slug=second.slug, member_id=waiting.pk).reader_registration["status"] == "waitlisted"
    assert fixed.first(slug=second.slug, member_id=holder.pk).group_reader_membership["role"] == "moderator"
    assert fixed.first(slug="no-such-event", member_id=holder.pk) is None
    assert built == [(STAND_IN_TEXT, STAND_IN_ID)], "built more than once"


def test_it_is_one_statement_and_reads_deferred_fields_as_the_orm_does(django_assert_num_queries):
    group = GroupFactory(description="Long words about the group")
    fixed = FixedQuery(Group, lambda slug: Group.objects.only("name", "slug").filter(slug=slug), slug=STAND_IN_TEXT)
    with django_assert_num_queries(1):
        found = fixed.first(slug=group.slug)
    assert found.name == group.name
    assert "description" in found.get_deferred_fields()
    with django_assert_num_queries(1):
        assert found.description == "Long words about the group"


def test_several_rows_come_in_the_querysets_order():
    member = UserFactory()
    for name in ("Cardiology network", "Acute care", "Bereavement support"):
        MembershipFactory(group=GroupFactory(name=name), user=member)
    MembershipFactory(group=GroupFactory(name="Another member's group"))
    fixed = FixedQuery(
        Group, lambda member_id: Group.objects.for_member(User(pk=member_id)).order_by("name"), member_id=STAND_IN_ID
    )
    assert [group.name for group in fixed.all(member_id=member.pk)] == [
        "Acute care",
        "Bereavement support",
        "Cardiology network",
    ]


def test_a_value_the_orm_rewrites_or_a_prefetch_is_refused_when_compiled():
    rewritten = FixedQuery(Group, lambda text: Group.objects.filter(name__icontains=text), text=STAND_IN_TEXT)
    with pytest.raises(ValueError, match="not parameters"):
        rewritten.all(text="care")
    prefetching = FixedQuery(
        Group, lambda slug: Group.objects.prefetch_related("topics").filter(slug=slug), slug=STAND_IN_TEXT
    )
    with pytest.raises(ValueError, match="prefetch"):
        prefetching.all(slug="any")
    other_model = FixedQuery(Group, lambda slug: Event.objects.filter(slug=slug), slug=STAND_IN_TEXT)
    with pytest.raises(ValueError, match="reads Event"):
        other_model.all(slug="any")


def test_a_number_fixed_in_the_statement_keeps_its_value():
    group = GroupFactory()
    fixed = FixedQuery(Group, lambda slug: Group.objects.annotate(shown=Value(7)).filter(slug=slug), slug=STAND_IN_TEXT)
    assert fixed.first(slug=group.slug).shown == 7


# --- The member's row on every signed-in request (members.backends.MemberBackend) -------------


def _signed_in(user, backend):
    session = SessionStore()
    session.update(
        {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: user.get_session_auth_hash()}
    )
    session.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.mark.parametrize("backend", ["members.backends.MemberBackend", "django.contrib.auth.backends.ModelBackend"])
def test_a_member_stays_signed_in_under_the_backend_and_its_former_name(backend):
    member = UserFactory(name="Ada Example")
    client = _signed_in(member, backend)
    response = client.get("/")
    assert response.context["user"] == member
    assert "Ada<span" in response.content.decode()


def test_a_deactivated_member_or_a_changed_password_signs_the_session_out_at_once():
    member, other = UserFactory(), UserFactory()
    client = _signed_in(member, "members.backends.MemberBackend")
    other_client = _signed_in(other, "members.backends.MemberBackend")
    assert client.get("/").context["user"] == member
    member.is_active = False
    member.save()
    assert not client.get("/").context["user"].is_authenticated

    assert other_client.get("/").context["user"] == other
    other.set_password("a new and different passphrase")
    other.save()
    assert not other_client.get("/").context["user"].is_authenticated


def test_a_moment_is_a_value_like_any_other():
    soon = EventFactory(title="Soon")
    EventFactory(title="Later", starts_at=soon.starts_at + timedelta(days=30))
    fixed = FixedQuery(
        Event, lambda after: Event.objects.filter(starts_at__gt=after).order_by("starts_at"), after=STAND_IN_TIME
    )
    assert [event.title for event in fixed.all(after=soon.starts_at - timedelta(hours=1))] == ["Soon", "Later"]
    assert [event.title for event in fixed.all(after=soon.starts_at)] == ["Later"]


def _prepared_statements() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return cursor.fetchall()


def test_the_statement_is_planned_once_a_connection_and_logged_with_its_values():
    fixed = FixedQuery(Group, lambda slug: Group.objects.filter(slug=slug).only("name"), slug=STAND_IN_TEXT)
    first, second = GroupFactory(), GroupFactory()
    with CaptureQueriesContext(connection) as captured:
        assert [group.name for group in fixed.all(slug=first.slug)] == [first.name]
        assert [group.name for group in fixed.all(slug=second.slug)] == [second.name]
    # Both calls ran the one statement prepared on the connection, not one each.
    [(statement, runs)] = [row for row in _prepared_statements() if '"groups_group"' in row[0]]
    assert "$1" in statement
    assert runs == 2
    # The query log (and the tests' query counts) show each statement as it ran.
    assert [second.slug in query["sql"] for query in captured.captured_queries] == [False, True]
    assert all(first.slug not in query["sql"] for query in captured.captured_queries[1:])


def test_djangos_own_statements_are_never_prepared():
    GroupFactory()
    list(Group.objects.filter(slug="a-group").only("name"))
    assert not [row for row in _prepared_statements() if '"groups_group"' in row[0]]
