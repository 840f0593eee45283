"""The error pages: the server error page stands alone, since Django renders it with no request
and no context, after something has already gone wrong."""

import re

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client, override_settings
from django.urls import include, path


def raise_error(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("boom/", raise_error), path("", include("qportal.urls"))]


TITLE = f"Sorry, there is a problem with the service – {settings.SITE_NAME}"


def assert_complete_page(html: str) -> None:
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert re.search(r"<title>\s*" + re.escape(TITLE) + r"\s*</title>", html), html[:600]
    assert len(re.findall(r"<main\b", html)) == 1
    assert re.search(r"<h1\b[^>]*>\s*Sorry, there is a problem with the service\s*</h1>", html)
    assert 'rel="stylesheet"' in html
    assert "{{" not in html
    assert "{%" not in html


def test_the_server_error_page_renders_without_a_request_a_context_or_the_database():
    # No django_db mark: any query would fail this test.
    html = loader.get_template("500.html").render()

    assert_complete_page(html)
    assert f"{settings.SITE_NAME}</a>" in html  # the wordmark names the site, from settings alone


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_answers_with_the_complete_page():
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert_complete_page(response.content.decode())
