"""HTML pages are compressed for visitors who are not signed in and never for a signed-in member,
whose pages carry secrets that BREACH could guess (see qportal/compression.py)."""

import gzip
import re

import pytest
from django.urls import reverse

from tests.casestudies.factories import CaseStudyFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
LIST = reverse("casestudies:list")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def test_a_visitors_list_page_is_compressed_to_under_a_third_and_reads_the_same(client):
    for number in range(8):
        CaseStudyFactory(title=f"Shorter waits in clinic {number}")
    plain = client.get(LIST)

    compressed = client.get(LIST, **GZIP)

    assert compressed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(compressed)
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content) / 3
    assert "Shorter waits in clinic 7" in gzip.decompress(compressed.content).decode()


def test_a_browser_that_does_not_accept_gzip_gets_the_page_as_it_is(client):
    response = client.get(LIST)

    assert not response.has_header("Content-Encoding")
    assert "accept-encoding" in vary(response)  # so a shared cache keeps the two apart
    assert b"<!DOCTYPE html>" in response.content


def test_a_signed_in_members_pages_are_never_compressed(member_client):
    for path in (LIST, reverse("home"), reverse("account_email")):
        response = member_client.get(path, **GZIP)

        assert response.status_code == 200, path
        assert not response.has_header("Content-Encoding"), path
        assert b"csrfmiddlewaretoken" in response.content  # the sign-out form: a secret on every page


def test_the_sign_in_form_is_compressed_with_its_csrf_token_masked_anew_each_time(client):
    first = client.get(reverse("account_login"), **GZIP)
    second = client.get(reverse("account_login"), **GZIP)

    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    tokens = [TOKEN.search(gzip.decompress(response.content).decode())[1] for response in (first, second)]
    assert tokens[0] != tokens[1]  # nothing stable for BREACH to guess from the length


def test_the_api_and_feeds_are_left_to_the_reverse_proxy(client):
    CaseStudyFactory()
    for path in ("/api/v1/case-studies/", reverse("casestudies:feed"), "/sitemap.xml"):
        response = client.get(path, **GZIP)

        assert response.status_code == 200, path
        assert not response.has_header("Content-Encoding"), path


def test_a_kept_page_is_compressed_for_one_visitor_and_plain_for_another(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    CaseStudyFactory(title="Shorter waits in clinic")
    first = client.get(LIST, **GZIP)

    kept_compressed = client.get(LIST, **GZIP)
    kept_plain = client.get(LIST)

    assert kept_compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(kept_compressed.content) == gzip.decompress(first.content) == kept_plain.content
