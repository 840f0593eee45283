"""Readers for tests of kept parts: a member or a visitor with their own client, and which of a
page's parts were made for this response rather than taken as kept."""

from django.test import Client


def reader(user=None) -> Client:
    """A client signed in as `user`, or a visitor's when None."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def parts_made(response, parts: set[str]) -> set[str]:
    """The templates of `parts` rendered for this response (each one kept would not be)."""
    return parts & {template.name for template in response.templates}
