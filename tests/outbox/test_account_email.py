"""allauth sends account emails itself (verification, password reset) through the same SMTP settings."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_a_password_reset_email_goes_through_the_configured_smtp_server(client, smtp_server, user):
    response = client.post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302
    [message] = smtp_server.to(user.email)
    assert "Password Reset" in message["Subject"]
    assert message["From"] == settings.DEFAULT_FROM_EMAIL


def test_a_new_member_verification_email_goes_through_the_configured_smtp_server(client, smtp_server):
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "name": "New Member",
            "password1": "a-long-enough-pass",
            "password2": "a-long-enough-pass",
        },
    )

    [message] = smtp_server.to("new@example.org")
    assert "Confirm" in message["Subject"]
