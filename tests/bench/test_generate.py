"""The benchmark's data generator, at a tiny size: it makes what it is asked for, and the portal can use it."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.db import connection
from django.utils import timezone

from bench.config import sizes_for
from bench.generate import Stale, generate, store_fingerprints
from bench.generate.bulk import MissingValue, Table
from bench.generate.members import PASSWORD, email_for
from bench.generate.text import COMMON_TERM
from casestudies.library import browse, counting, ledger
from casestudies.library.models import Benefit, CaseStudy, OutcomeMeasure, Status
from casestudies.library.search import search
from events.models import Event, Registration
from groups.models import Group, Membership, Post
from members.models import User

TINY = sizes_for(0.0005)


def test_the_tiny_size_is_small_but_has_a_bit_of_everything():
    assert TINY.case_studies == 50
    assert TINY.members == 20
    assert TINY.groups == 2
    assert TINY.posts == 25


def test_the_generator_makes_the_sizes_it_is_asked_for(db):
    generated = generate(TINY, log=lambda line: None, parallel=False)

    assert User.objects.count() == TINY.members
    assert CaseStudy.objects.published().count() == TINY.case_studies
    assert CaseStudy.objects.exclude(status=Status.PUBLISHED).count() == TINY.drafts
    assert Group.objects.count() == TINY.groups
    assert Post.objects.count() == TINY.posts
    assert Event.objects.count() == TINY.events
    assert Registration.objects.count() == TINY.registrations
    assert generated.counts["case_studies"] == TINY.case_studies + TINY.drafts


def test_the_library_counts_of_generated_data_are_counted_once_and_kept_after(db):
    """Written with the ledger's triggers off, then counted from the tables; the triggers are on again."""
    generate(TINY, log=lambda line: None, parallel=False)
    query = browse.LibraryQuery()
    counted = counting._counted(browse.base_queryset(query), query)
    assert ledger.whole_library() == (TINY.case_studies, {f: c for f, c in counted.by_facet.items() if c})

    CaseStudy.objects.published().first().delete()

    assert ledger.whole_library()[0] == TINY.case_studies - 1


def test_generated_members_are_verified_and_can_sign_in(db):
    generate(TINY, log=lambda line: None, parallel=False)

    assert EmailAddress.objects.filter(verified=True, primary=True).count() == TINY.members
    assert authenticate(email=email_for(3), password=PASSWORD) is not None


def test_generated_case_studies_are_found_by_the_portals_own_search(db):
    generate(TINY, log=lambda line: None, parallel=False)

    assert not CaseStudy.objects.filter(search_vector__isnull=True).exists()
    found = search(CaseStudy.objects.published(), COMMON_TERM)
    assert 0 < found.count() < TINY.case_studies
    assert all(COMMON_TERM in case_study.actions for case_study in found)


def test_generated_outcomes_make_the_case_through_every_lens(db):
    generate(TINY, log=lambda line: None, parallel=False)

    lenses = OutcomeMeasure.objects.values_list("benefit", flat=True).distinct()
    assert set(lenses) == set(Benefit.values)


def test_every_group_has_an_active_moderator(db):
    generate(TINY, log=lambda line: None, parallel=False)

    for group in Group.objects.all():
        assert group.memberships.moderators().exists()
    assert not Membership.objects.filter(status=Membership.Status.PENDING, role=Membership.Role.MODERATOR).exists()


def test_no_event_has_more_places_taken_than_it_has(db):
    generate(TINY, log=lambda line: None, parallel=False)

    for event in Event.objects.with_counts().filter(capacity__isnull=False):
        assert event.registered_count <= event.capacity
    assert len(set(Event.objects.values_list("uid", flat=True))) == TINY.events


def test_events_are_announced_over_time_before_they_start_and_taken_up_after(db):
    generate(TINY, log=lambda line: None, parallel=False)
    now = timezone.now()

    events = list(Event.objects.all())
    assert all(event.created_at < min(event.starts_at, now) for event in events)
    # A week's digest sees that week's new events, not the whole calendar at once.
    assert sum(event.created_at > now - timedelta(days=7) for event in events) < len(events) / 2
    assert len({event.created_at for event in events}) == len(events)
    for registration in Registration.objects.select_related("event"):
        taken = registration.registered_at or registration.waitlisted_at or registration.cancelled_at
        assert registration.event.created_at <= taken <= now


def test_fields_the_generator_does_not_name_get_the_models_defaults(db):
    users = Table(User, ["email", "name", "password"])
    user_id = users.add("someone@example.org", "Someone", "!")
    users.close()

    user = User.objects.get(pk=user_id)
    assert (user.timezone, user.is_active, user.is_staff) == ("Europe/London", True, False)
    assert User.objects.create_user("next@example.org", "a-long-password", name="Next").pk == user_id + 1


def test_a_required_field_the_generator_forgets_is_named_in_the_error(db):
    with pytest.raises(MissingValue, match=r"User\.password has no default"):
        Table(User, ["email", "name"])


def index_definitions() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        return {row[0] for row in cursor.fetchall()}


def test_the_indexes_set_aside_while_writing_are_all_built_again(db):
    before = index_definitions()

    generate(TINY, log=lambda line: None, parallel=False)

    assert (
        index_definitions()
        - {"CREATE UNIQUE INDEX bench_fingerprint_pkey ON public.bench_fingerprint USING btree (step)"}
        == before
    )
    assert any("USING gin (search_vector)" in definition for definition in before)
    # Found through the rebuilt full-text index, not by reading the table.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        assert search(CaseStudy.objects.published(), COMMON_TERM).exists()


def test_a_second_run_on_the_same_data_makes_nothing_more(db):
    generate(TINY, log=lambda line: None, parallel=False)

    again = generate(TINY, log=lambda line: None, parallel=False)

    assert again.counts["steps_run"] == 0
    assert User.objects.count() == TINY.members


def test_only_the_steps_the_database_lacks_are_run(db):
    generate(TINY, log=lambda line: None, parallel=False)
    Event.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_fingerprint WHERE step = 'events'")

    again = generate(TINY, log=lambda line: None, parallel=False)

    assert again.counts["steps_run"] == 1
    assert Event.objects.count() == TINY.events
    assert User.objects.count() == TINY.members


def test_data_from_another_size_or_generator_is_refused_as_stale(db):
    generate(TINY, log=lambda line: None, parallel=False)
    store_fingerprints({"casestudies": "made by an older generator"})

    with pytest.raises(Stale):
        generate(TINY, log=lambda line: None, parallel=False)


def test_some_case_studies_carry_100_point_series_and_the_detail_page_shows_one_of_them(db):
    from bench.generate.series import SERIES_POINTS
    from bench.pages import pages
    from casestudies.library.models import Evidence, MeasurePoint

    generate(TINY, log=lambda line: None, parallel=False)

    charted = CaseStudy.objects.published().filter(outcomes__points__isnull=False).distinct()
    assert charted.count() == len(range(0, TINY.case_studies, 20))
    for measure in OutcomeMeasure.objects.filter(case_study__in=charted):
        assert measure.points.count() == SERIES_POINTS
        assert measure.change_from is not None
    assert set(charted.values_list("evidence", flat=True)) <= {Evidence.SUSTAINED, Evidence.SERIES}
    detail = next(page for page in pages() if page.name == "case study detail")
    slugs = {path.rstrip("/").rsplit("/", 1)[-1] for path in detail.paths}
    assert slugs == set(charted.values_list("slug", flat=True))
    assert MeasurePoint.objects.count() == SERIES_POINTS * OutcomeMeasure.objects.filter(case_study__in=charted).count()
