"""manage.py send_digests: the job by hand, and a dry run for one member."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from outbox.models import OutgoingEmail
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.digests.factories import DigestPreferenceFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_for_a_member_shows_their_digest_and_sends_nothing():
    flow = TopicFactory()
    preference = DigestPreferenceFactory(topics=[flow])
    CaseStudyFactory(title="Shorter waits", topics=[flow])

    output = run("--dry-run", "--member", preference.user.email.upper())

    assert f"To: {preference.user.email}" in output
    assert "Shorter waits" in output
    assert not OutgoingEmail.objects.exists()


def test_a_dry_run_with_nothing_new_says_no_email_would_be_sent():
    preference = DigestPreferenceFactory()

    assert "no email would be sent" in run("--dry-run", "--member", preference.user.email)


def test_a_dry_run_counts_the_members_due():
    DigestPreferenceFactory()

    assert "1 member(s) have a digest due now." in run("--dry-run")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dry-run", "--member", "nobody@example.org"], "No member has the email address"),
        (["--member", "someone@example.org"], "needs --dry-run"),
    ],
)
def test_mistakes_are_explained(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
