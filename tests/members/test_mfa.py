"""Two-factor authentication: setting it up, signing in with it, and curators needing it."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.members.factories import UserFactory
from tests.members.mfa import SECRET, has_totp, reauthenticate, sign_in_with_password, totp_code, turn_on_totp

pytestmark = pytest.mark.django_db


def is_signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_a_member_turns_on_an_authenticator_app_with_the_code_it_shows(client):
    user = UserFactory()
    client.force_login(user)
    reauthenticate(client)

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.content.decode())
    assert secret, "the page shows the secret for apps that cannot scan the QR code"
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))})

    assert response.status_code == 302
    assert has_totp(user)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_a_wrong_code_does_not_turn_on_the_authenticator_app(client):
    user = UserFactory()
    client.force_login(user)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000x"})

    assert response.status_code == 200
    assert not has_totp(user)


def test_signing_in_with_two_factor_asks_for_a_code_after_the_password(client):
    user = UserFactory()
    turn_on_totp(user)

    response = sign_in_with_password(client, user)

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert not is_signed_in(client, user)
    signed_in = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert signed_in.status_code == 302
    assert is_signed_in(client, user)


def test_a_wrong_or_reused_code_does_not_sign_in(client):
    user = UserFactory()
    turn_on_totp(user)
    code = totp_code(SECRET)
    sign_in_with_password(client, user)
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("account_logout"))

    sign_in_with_password(client, user)
    reused = client.post(reverse("mfa_authenticate"), {"code": code})
    wrong = client.post(reverse("mfa_authenticate"), {"code": "12345"})

    assert reused.status_code == 200
    assert wrong.status_code == 200
    assert "Incorrect code" in wrong.content.decode()
    assert not is_signed_in(client, user)


def test_a_recovery_code_signs_in_once_only(client):
    user = UserFactory()
    codes = turn_on_totp(user)

    sign_in_with_password(client, user)
    first = client.post(reverse("mfa_authenticate"), {"code": codes[3]})
    assert first.status_code == 302
    assert is_signed_in(client, user)
    client.post(reverse("account_logout"))

    sign_in_with_password(client, user)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[3]})
    assert again.status_code == 200
    assert not is_signed_in(client, user)
    another = client.post(reverse("mfa_authenticate"), {"code": codes[4]})
    assert another.status_code == 302
    assert is_signed_in(client, user)


def test_the_two_factor_pages_use_the_site_layout(client):
    user = UserFactory()
    turn_on_totp(user)
    client.force_login(user)
    reauthenticate(client)

    for name in ["mfa_index", "mfa_add_webauthn", "mfa_list_webauthn"]:
        body = client.get(reverse(name)).content.decode()
        assert 'id="maincontent"' in body, name
        assert "nhsuk-heading-l" in body, name


# --- Curators need two-factor authentication -----------------------------------------------------

CURATOR_PAGES = ["admin:index", "test_curator_class", "test_curator_function"]


@pytest.mark.urls("tests.members.curator_urls")
@pytest.mark.parametrize("page", CURATOR_PAGES)
def test_a_curator_without_two_factor_is_sent_to_set_it_up(client, page):
    curator = UserFactory(is_staff=True)
    client.force_login(curator)

    response = client.get(reverse(page), follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    assert "Curators must turn on two-factor authentication" in response.content.decode()


@pytest.mark.urls("tests.members.curator_urls")
@pytest.mark.parametrize("page", CURATOR_PAGES)
def test_a_curator_with_two_factor_reaches_curator_pages(client, page):
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)
    client.force_login(curator)

    assert client.get(reverse(page)).status_code == 200


@pytest.mark.urls("tests.members.curator_urls")
@pytest.mark.parametrize("page", CURATOR_PAGES)
def test_a_member_who_is_not_a_curator_is_refused_curator_pages(client, page):
    member = UserFactory()
    turn_on_totp(member)
    client.force_login(member)

    assert client.get(reverse(page), follow=True).status_code == 403


@pytest.mark.urls("tests.members.curator_urls")
@pytest.mark.parametrize("page", CURATOR_PAGES)
def test_visitors_are_asked_to_sign_in_for_curator_pages(client, page):
    response = client.get(reverse(page), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_the_admin_never_shows_its_own_password_form(client):
    response = client.get(reverse("admin:login") + "?next=/admin/members/user/")

    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/members/user/"


def test_the_admin_login_does_not_redirect_elsewhere(client):
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)
    client.force_login(curator)

    response = client.get(reverse("admin:login") + "?next=https://evil.example/")

    assert response.url == reverse("admin:index")


def test_a_curator_signs_in_with_two_factor_and_reaches_the_admin(client):
    curator = UserFactory(is_staff=True)
    turn_on_totp(curator)

    client.get(reverse("admin:index"), follow=True)
    sign_in_with_password(client, curator)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})

    assert client.get(reverse("admin:index")).status_code == 200
