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


def _is_browser_test(nodeid: str) -> bool:
    return nodeid.startswith("tests/browser/")


@pytest.hookimpl(optionalhook=True)  # a pytest-xdist hook; `-p no:xdist` runs without it
def pytest_xdist_make_scheduler(config: pytest.Config, log) -> object | None:
    """In several processes (`--dist loadfile`, as `make test` runs them), each file's tests stay in
    one process, and so do all the browser tests: they share one Chromium, one site and one worker,
    and two processes driving Chromium on two cores let page loads pass their timeouts."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class OneProcessForTheBrowser(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "tests/browser/" if _is_browser_test(nodeid) else super()._split_scope(nodeid)

    return OneProcessForTheBrowser(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """In a pytest-xdist process, the browser tests come first, then the other tests that start
    processes, so that the longest groups never start last while the other processes wait (the
    scheduler keeps this order with --no-loadscope-reorder). A stable sort: within each rank,
    pytest-django's order is kept."""
    if hasattr(session.config, "workerinput"):
        session.items.sort(
            key=lambda item: 0 if _is_browser_test(item.nodeid) else 1 if item.get_closest_marker("slow") else 2
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached fragments live in Redis; start each test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache_on(settings):
    """Pages and their parts kept as in production (the suite runs with the page cache off)."""
    settings.PAGE_CACHE_SECONDS = 300


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
