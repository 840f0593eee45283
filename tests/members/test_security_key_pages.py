"""allauth's security-key pages speak as the rest of the portal does (locale/en_GB)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

pytestmark = pytest.mark.django_db


def test_the_security_keys_page_is_in_sentence_case(member_client):
    html = member_client.get(reverse("mfa_list_webauthn")).content.decode()

    assert "Security keys" in html
    assert "Security Keys" not in html
    assert "You have not added a security key." in html


@pytest.mark.parametrize(
    ("allauth_says", "portal_says"),
    [
        ("Add Security Key", "Add a security key"),
        ("Trust this Browser?", "Trust this browser?"),
        (
            "This functionality requires JavaScript.",
            "Adding a security key needs JavaScript, which your browser has turned off.",
        ),
    ],
)
def test_the_pages_behind_a_fresh_sign_in_use_the_portals_words(allauth_says, portal_says):
    # These pages ask for the password again first, so their words are checked where they come from.
    with override("en-gb"):
        assert gettext(allauth_says) == portal_says
