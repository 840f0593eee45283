"""Curators see the outbox in the admin, filter it by status and send failed emails again."""

import pytest

from outbox.models import OutgoingEmail, Stream

pytestmark = pytest.mark.django_db


def make(status, key):
    return OutgoingEmail.objects.create(
        to_address=f"{key}@example.org",
        stream=Stream.DIGEST,
        template_name="test_notice",
        idempotency_key=key,
        status=status,
        attempts=6,
        last_error="SMTPServerDisconnected: gone",
    )


@pytest.fixture
def admin_client(client, curator):
    curator.is_superuser = True
    curator.save()
    client.force_login(curator)
    return client


def test_curators_can_filter_the_outbox_by_status(admin_client, django_assert_max_num_queries):
    make(OutgoingEmail.Status.FAILED, "failed")
    make(OutgoingEmail.Status.SENT, "sent")
    for n in range(20):
        make(OutgoingEmail.Status.FAILED, f"more-failed-{n}")

    with django_assert_max_num_queries(18):
        response = admin_client.get("/admin/outbox/outgoingemail/?status__exact=failed")

    page = response.content.decode()
    assert "failed@example.org" in page
    assert "sent@example.org" not in page


def test_resending_gives_failed_emails_new_attempts_and_leaves_others_alone(admin_client):
    failed = make(OutgoingEmail.Status.FAILED, "failed")
    sent = make(OutgoingEmail.Status.SENT, "sent")

    response = admin_client.post(
        "/admin/outbox/outgoingemail/",
        {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )

    assert "1 failed email(s) queued to be sent again" in response.content.decode()
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutgoingEmail.Status.PENDING, 0)
    assert failed.last_error, "the last error stays visible until the next attempt"
    assert sent.status == OutgoingEmail.Status.SENT


def test_members_cannot_see_the_outbox(member_client):
    make(OutgoingEmail.Status.FAILED, "failed")

    response = member_client.get("/admin/outbox/outgoingemail/")

    assert response.status_code in {302, 403}
    assert "failed@example.org" not in response.content.decode()
