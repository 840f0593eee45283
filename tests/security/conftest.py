import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests create many members and sign in often; how a password is hashed is not
    what they test, so a fast hasher keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
