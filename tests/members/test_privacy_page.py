"""The privacy notice says what is kept, why and how long, and how to export or delete it."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_page_explains_keeping_exporting_deleting_and_cookies(client):
    body = client.get(reverse("privacy")).content.decode()

    for words in ["What we keep and why", "How long", "A copy of your data", "Deleting your account", "Cookies"]:
        assert words in body
    assert f'href="{reverse("members:data")}"' in body
    assert f'href="{reverse("members:delete")}"' in body
    assert "no third-party analytics" in body
    assert "cookie banner" in body


def test_the_privacy_page_loads_nothing_from_other_sites(client):
    body = client.get(reverse("privacy")).content.decode()

    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', body)
