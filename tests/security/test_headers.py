"""Every response carries the security headers, and cookies are as strict as the site allows."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import include, path

from tests.processes import ROOT


def raise_error(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("boom/", raise_error), path("", include("qportal.urls"))]

PAGES = ["/", "/about/", "/accessibility/", "/accounts/login/", "/accounts/signup/", "/no-such-page/", "/healthz"]


def assert_security_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert "'nonce'" not in csp, "django-csp's NONCE constant must be used, not the string 'nonce'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_kind_of_response_carries_the_security_headers(client, url):
    response = client.get(url)

    assert_security_headers(response)


@pytest.mark.django_db
def test_signed_in_pages_and_form_errors_carry_the_security_headers(member_client):
    assert_security_headers(member_client.get("/me/"))
    assert_security_headers(member_client.post("/me/profile/", {"name": ""}))


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_page_carries_the_security_headers(client):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_refused_form_post_carries_the_security_headers():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@example.org"})

    assert response.status_code == 403
    assert_security_headers(response)


@pytest.mark.django_db
def test_a_nonce_is_added_to_the_policy_whenever_a_page_uses_one(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">1</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = rf.get("/")
    response = CSPMiddleware(view)(request)

    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert len(nonce) >= 16
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only_where_possible_and_same_site(client, user):
    from tests.members.factories import PASSWORD

    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["samesite"] == "Lax"


def production_values(**env: str) -> list[str]:
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "qportal.settings", "DEBUG": "0", "SECRET_KEY": "x" * 60}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_https_sites_send_hsts_and_only_send_cookies_over_https():
    assert production_values(SITE_URL="https://portal.example.org") == ["31536000", "True", "True", "True"]


def test_plain_http_sites_do_not_promise_hsts():
    assert production_values(SITE_URL="http://localhost:8000") == ["0", "False", "False", "False"]


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=False)
def test_hsts_is_sent_on_https_responses(client):
    response = client.get("/", secure=True)

    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
