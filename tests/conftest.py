"""Fixtures shared by the whole suite.

Tests run against the real PostgreSQL and Redis named by DATABASE_URL and REDIS_URL
(`make test` provides them). Each test builds the little data it needs.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache


def pytest_configure(config: pytest.Config) -> None:
    # Tests render templates without running collectstatic first; the browser and
    # smoke tests exercise the real hashed, compressed static files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    Path(settings.STATIC_ROOT).mkdir(exist_ok=True)
    # Factories make many members; a slow password hash would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests of a view look at the page it makes, so pages are made afresh in-process; the page
    # cache has tests of its own (tests/test_page_cache.py), and the browser tests' server keeps it on.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached fragments live in Redis; start each test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    from tests.members.factories import UserFactory

    return UserFactory()


@pytest.fixture
def curator(db):
    """A curator with curator rights: staff, with two-factor authentication on."""
    from tests.members.factories import CuratorFactory

    return CuratorFactory()


@pytest.fixture
def member_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
