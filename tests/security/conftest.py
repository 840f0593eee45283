import pytest

from tests.reading import NuChecker


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests create many members and sign in often; how a password is hashed is not
    what they test, so a fast hasher keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def nu_checker():
    """The Nu HTML Checker as a server, started once for the session: it starts while the first
    test builds its data, and each page is then checked in milliseconds."""
    checker = NuChecker()
    yield checker
    checker.stop()
