"""Every account page reads like the rest of the portal: sentence case, British English, the
site's own name, and no "contact us" without anywhere to contact."""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.urls import reverse

from tests.members.factories import UserFactory
from tests.members.mfa import reauthenticate

pytestmark = pytest.mark.django_db

# What allauth's own templates and forms say, which the portal does not.
STOCK_PHRASES = [
    "finalize",
    "finalizing",
    "Please contact us",
    "ontact us",
    "Forgot your password",
    "Remember Me",
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Verify Your",
    "Password Reset",
    "Change Password",
    "Email Address",
    "Confirm Access",
    "Make Primary",
    "Re-send",
    "Bad Token",
    "Successfully",
    "and/or",
    "Please type",
    "A user is already registered",
]
# Elements whose text is a name or a label: the first word alone takes a capital.
NAMING_TAGS = {"title", "h1", "h2", "h3", "button", "label", "legend"}
# Words that keep their capital anywhere: names, and the pronoun.
PROPER = {"I", *settings.SITE_NAME.split()}


class Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.naming: list[str] = []
        self.visible: list[str] = []
        self.current: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag in {"script", "style"}
        if tag in NAMING_TAGS:
            self.open.append(tag)
            self.current.append("")

    def handle_endtag(self, tag):
        self.in_script = False
        if self.open and tag == self.open[-1]:
            self.open.pop()
            self.naming.append(" ".join(self.current.pop().split()))

    def handle_data(self, data):
        if self.in_script:
            return
        self.visible.append(data)
        if self.current:
            self.current[-1] += data


def texts(html: str) -> Texts:
    parser = Texts()
    parser.feed(html)
    return parser


def title_case_words(text: str) -> list[str]:
    text = text.replace(settings.SITE_NAME, "")
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    # A new sentence inside the text may start with a capital.
    sentence_starts = {match.end() for match in re.finditer(r"[.?!:–]\s+", text)}
    capitals = []
    for match in list(re.finditer(r"[A-Za-z][\w'’-]*", text))[1:]:
        word = match.group()
        if word[0].isupper() and not word.isupper() and word not in PROPER and match.start() not in sentence_starts:
            capitals.append(word)
    return capitals if words else []


def assert_in_the_portals_voice(response) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    # The page's own title and main content; the site's header and footer are the same everywhere.
    title = re.search(r"<title>.*?</title>", html, re.S).group()
    main = re.search(r"<main.*?</main>", html, re.S).group()
    page = texts(title + main)
    visible = " ".join(" ".join(page.visible).split())
    for phrase in STOCK_PHRASES:
        assert phrase not in visible, f"{phrase!r} on {response.request['PATH_INFO']}"
    assert "testserver" not in visible, "the site is named by SITE_NAME, not by its host"
    for text in page.naming:
        assert title_case_words(text) == [], f"Title Case in {text!r} on {response.request['PATH_INFO']}"
    assert page.naming[0].endswith(f"– {settings.SITE_NAME}")


def test_the_pages_for_signing_in_and_up_are_in_the_portals_voice(client):
    user = UserFactory(verified=False)
    address = EmailAddress.objects.get(user=user)
    pages = [
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_email_verification_sent"),
        reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key]),
        reverse("account_confirm_email", args=["not-a-key"]),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "0", "key": "not-a-key"}),
        reverse("account_reset_password_from_key_done"),
        reverse("account_inactive"),
    ]
    for path in pages:
        assert_in_the_portals_voice(client.get(path))


def test_the_verification_page_says_finalise_and_names_nobody_to_contact(client):
    response = client.get(reverse("account_email_verification_sent"))

    text = response.content.decode()
    assert "Verify your email address" in text
    assert "finalise" in text


def test_the_pages_of_a_signed_in_members_account_are_in_the_portals_voice(client):
    user = UserFactory()
    client.force_login(user)
    for path in [reverse("account_change_password"), reverse("account_logout"), reverse("account_reauthenticate")]:
        assert_in_the_portals_voice(client.get(path))
    reauthenticate(client)
    assert_in_the_portals_voice(client.get(reverse("account_email")))


def test_the_sign_in_page_with_a_wrong_password_is_in_the_portals_voice(client):
    UserFactory(email="jo@example.org")

    response = client.post(reverse("account_login"), {"login": "jo@example.org", "password": "not-it"})

    assert_in_the_portals_voice(response)


def test_the_two_factor_pages_are_in_the_portals_voice(client):
    from tests.members.mfa import sign_in_with_password, turn_on_totp

    member_without = UserFactory()
    client.force_login(member_without)
    reauthenticate(client)
    assert_in_the_portals_voice(client.get(reverse("mfa_activate_totp")))

    client.logout()
    member = UserFactory()
    turn_on_totp(member)
    response = sign_in_with_password(client, member)
    assert response.url == reverse("mfa_authenticate")
    assert_in_the_portals_voice(client.get(response.url))

    client.force_login(member)
    assert_in_the_portals_voice(client.get(reverse("mfa_reauthenticate")))
    reauthenticate(client)
    for name in ["mfa_deactivate_totp", "mfa_view_recovery_codes", "mfa_generate_recovery_codes"]:
        assert_in_the_portals_voice(client.get(reverse(name)))


def test_signing_up_with_an_address_that_has_an_account_is_answered_in_the_portals_voice(client):
    UserFactory(email="taken@example.org")

    response = client.post(
        reverse("account_signup"),
        {"name": "Jo", "email": "taken@example.org", "password1": "a-long-pass-1", "password2": "a-long-pass-1"},
    )

    assert_in_the_portals_voice(response)
    assert "There is already an account with this email address." in response.content.decode()
