"""Every URL pattern, visited by every role: allowed visits succeed, the others are sent to sign
in or refused with 403/404, nothing answers 500, and nobody receives someone else's data.

A new URL pattern fails `test_every_url_pattern_is_in_the_table` until it is added to TABLE
(in walk_table.py) with what each role should get.
"""

import io

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from PIL import Image

from tests.reading import MarkupChecks
from tests.security.walk import DENIED, LOGIN, OK, Visit, World, build_world, check, expect
from tests.security.walk_table import TABLE

pytestmark = pytest.mark.django_db


def url_patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    routes = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            routes += url_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            routes.append(prefix + str(pattern.pattern))
    return routes


def is_admin(route: str) -> bool:
    return route.startswith("admin/")


def test_every_url_pattern_is_in_the_table():
    routes = {route for route in url_patterns() if not is_admin(route)}

    missing = sorted(routes - TABLE.keys())
    stale = sorted(TABLE.keys() - routes)
    assert not missing, "Add these URL patterns to TABLE in tests/security/walk_table.py:\n" + "\n".join(missing)
    assert not stale, "These TABLE entries match no URL pattern any more:\n" + "\n".join(stale)


@pytest.fixture
def _api_limit_out_of_the_way(settings):
    # Every role walks the API from one test address within the same minute.
    settings.API_RATE_LIMIT_ANONYMOUS = 10_000


@pytest.fixture
def _covers(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_covers(world: World) -> World:
    image = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(image, format="PNG")
    for key in ("published", "draft"):
        world.objects[key].cover_image.save(f"{key}.png", ContentFile(image.getvalue()))
    return world


@pytest.mark.usefixtures("_api_limit_out_of_the_way", "_covers")
def test_each_role_gets_what_the_table_says_on_pages_that_read_well_and_are_valid_html(nu_checker):
    world = with_covers(build_world())
    markup = MarkupChecks(nu_checker)

    problems = [problem for route in sorted(TABLE) for visit in TABLE[route] for problem in check(world, visit, markup)]
    problems += markup.problems()

    assert not problems, "\n".join(problems)


def test_the_admin_is_for_curators_only():
    """Members are sent to the admin's sign-in; a curator reaches the admin, and each model's
    pages as far as their Django permissions allow (none are given here)."""
    world = build_world()
    visits = [Visit("/admin/", expect(LOGIN, curator=OK))] + [
        Visit(f"/admin/{model._meta.app_label}/{model._meta.model_name}/", expect(LOGIN, curator=DENIED))
        for model in admin.site._registry
    ]

    problems = [problem for visit in visits for problem in check(world, visit)]

    assert not problems, "\n".join(problems)
