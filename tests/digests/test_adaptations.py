"""The digest tells a member when another organisation starts adapting a case study they wrote or saved."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from casestudies.library.models import CaseStudy, Status
from casestudies.spread.models import Adaptation
from casestudies.spread.services.adaptations import adaptation_hide, adaptation_record
from digests import services
from digests.compose import Window, compose
from outbox.models import OutgoingEmail, Stream
from outbox.services import email_send
from tests.casestudies.factories import BookmarkFactory, CaseStudyFactory
from tests.digests.batches import compose_three_and_twelve, last_day
from tests.digests.factories import DigestPreferenceFactory
from tests.members.factories import UserFactory
from tests.smtp import html, plain_text

pytestmark = pytest.mark.django_db


def adapt(case_study, *, member=None, organisation="Southgate Health", status="testing", when=None) -> Adaptation:
    adaptation = adaptation_record(
        member=member or UserFactory(),
        case_study=case_study,
        organisation=organisation,
        changes="Weekly rather than daily.",
        status=status,
    )
    if when is not None:
        Adaptation.objects.filter(pk=adaptation.pk).update(created_at=when)
        adaptation.refresh_from_db()
    return adaptation


def digest_for(preference):
    [digest] = compose([Window(preference, preference.covered_until, timezone.now() + timedelta(minutes=1))])
    return digest


def lines(digest) -> list[str]:
    return [
        f"“{item['title']}” is being adapted by {item['organisation']} ({item['status']})"
        for item in digest.adaptations
    ]


def test_an_author_hears_that_another_organisation_is_adapting_their_case_study():
    preference = DigestPreferenceFactory()
    mine = CaseStudyFactory(title="Huddles in Leeds", author=preference.user)
    adapt(mine, organisation="Southgate Health", status="testing")

    digest = digest_for(preference)

    assert lines(digest) == ["“Huddles in Leeds” is being adapted by Southgate Health (testing)"]
    assert digest.adaptations[0]["reasons"] == ["You wrote it"]
    assert digest.adaptations[0]["path"] == mine.get_absolute_url()
    assert digest.item_count == 1


def test_a_member_who_saved_a_case_study_hears_of_its_adaptations_and_others_do_not():
    preference = DigestPreferenceFactory()
    stranger = DigestPreferenceFactory()
    saved = CaseStudyFactory(title="Discharge lounge")
    BookmarkFactory(user=preference.user, case_study=saved)
    adapt(saved, organisation="Eastgate ICB", status="planning")

    assert lines(digest_for(preference)) == ["“Discharge lounge” is being adapted by Eastgate ICB (planning)"]
    assert digest_for(preference).adaptations[0]["reasons"] == ["You saved it"]
    assert digest_for(stranger).adaptations == []


def test_the_members_own_hidden_and_earlier_adaptations_and_those_of_unpublished_case_studies_are_left_out():
    preference = DigestPreferenceFactory()
    saved = CaseStudyFactory(title="Saved")
    BookmarkFactory(user=preference.user, case_study=saved)
    adapt(saved, member=preference.user, organisation="My own trust")
    mine = CaseStudyFactory(title="Mine", author=preference.user)
    adaptation_hide(adaptation=adapt(mine, organisation="Bogus Ltd"), reason="Not genuine.")
    adapt(mine, organisation="Before my last digest", when=preference.covered_until - timedelta(minutes=1))
    archived = CaseStudyFactory(title="Archived", author=preference.user)
    adapt(archived, organisation="Archived adapter")
    CaseStudy.objects.filter(pk=archived.pk).update(status=Status.ARCHIVED)
    adapt(mine, organisation="Counted", when=preference.covered_until + timedelta(minutes=1))

    assert lines(digest_for(preference)) == ["“Mine” is being adapted by Counted (testing)"]


def test_an_adaptation_whose_member_has_left_is_still_news():
    preference = DigestPreferenceFactory()
    mine = CaseStudyFactory(title="Mine", author=preference.user)
    adapter = UserFactory()
    adapt(mine, member=adapter, organisation="Northfield Trust")
    adapter.delete()

    assert lines(digest_for(preference)) == ["“Mine” is being adapted by Northfield Trust (testing)"]


def test_composing_runs_the_same_queries_for_three_members_as_for_twelve_with_adaptations():
    def batch(size):
        windows = []
        for _ in range(size):
            preference = DigestPreferenceFactory()
            adapt(CaseStudyFactory(author=preference.user))
            saved = CaseStudyFactory()
            BookmarkFactory(user=preference.user, case_study=saved)
            adapt(saved)
            windows.append(last_day(preference))
        return windows

    few, many, digests = compose_three_and_twelve(batch)

    assert many == few <= 15
    assert all(len(digest.adaptations) == 2 for digest in digests)


def test_the_email_and_the_preview_say_who_is_adapting_what(smtp_server, client):
    preference = DigestPreferenceFactory()
    mine = CaseStudyFactory(title="Huddles in Leeds", author=preference.user)
    # Just after the last digest, so it falls inside the period the job sends for.
    adapt(
        mine, organisation="Southgate Health", status="spreading", when=preference.covered_until + timedelta(minutes=1)
    )
    expected = "“Huddles in Leeds” is being adapted by Southgate Health (spreading)"

    client.force_login(preference.user)
    preview = client.get(reverse("digests:preview")).content.decode()
    assert "Being adapted" in preview
    assert "is being adapted by Southgate Health (spreading)" in preview

    services.digest_send_batch(preference_ids=[preference.pk])
    email_send(email_id=OutgoingEmail.objects.get(stream=Stream.DIGEST).pk)

    [message] = smtp_server.messages
    text, markup = plain_text(message), html(message)
    assert expected in text
    assert "You wrote it" in text
    assert f"{settings.SITE_URL}{mine.get_absolute_url()}" in text
    assert "is being adapted by Southgate Health (spreading)" in markup
    assert f'href="{settings.SITE_URL}{mine.get_absolute_url()}"' in markup
