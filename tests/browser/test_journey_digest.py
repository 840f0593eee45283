"""Journey 5: a member receives a digest, sent by the real worker over SMTP, and unsubscribes with
one click from its link. With JavaScript and without it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from digests.services import digests_schedule
from outbox.models import Stream, StreamOptOut
from outbox.tokens import unsubscribe_token
from tests.browser.keyboard import follow, tab_to
from tests.browser.mail import body_text
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.digests.factories import DigestPreferenceFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.browser


def test_a_member_gets_a_digest_and_unsubscribes_from_its_link(any_page, live):
    topic = TopicFactory(name="Patient flow", slug="patient-flow")
    member = UserFactory()
    DigestPreferenceFactory(user=member, frequency="daily", topics=[topic])
    CaseStudyFactory(
        title="Same-day discharge that stuck", topics=[topic], published_at=timezone.now() - timedelta(days=2)
    )

    digests_schedule()
    message = live.mailbox.wait_for(to=member.email, subject="new for you", timeout=60)
    assert "Same-day discharge that stuck" in body_text(message)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"Unsubscribe from these emails: (\S+)", body_text(message)).group(1)

    any_page.goto(link)
    any_page.get_by_role("button", name="Unsubscribe").click()

    expect(any_page.get_by_role("heading", level=1)).to_contain_text("unsubscribed")
    assert StreamOptOut.objects.filter(user=member, stream=Stream.DIGEST).exists()
    assert any_page.dialogs == []


def test_unsubscribing_from_the_link_can_be_done_with_the_keyboard_alone(page, live):
    member = UserFactory()

    page.goto(live(f"/unsubscribe/{unsubscribe_token(user_id=member.pk, stream=Stream.DIGEST)}/"))
    tab_to(page, "Unsubscribe")
    follow(page)

    expect(page.get_by_role("heading", level=1)).to_contain_text("unsubscribed")
    assert StreamOptOut.objects.filter(user=member, stream=Stream.DIGEST).exists()
