"""Characters PostgreSQL refuses (a NUL byte) are answered 400 with a message wherever a request
carries them: the address, the query, a form field, a header or a cookie, on every URL."""

import re

import pytest

from core.middleware import REFUSED_MESSAGE
from tests.security.walk import build_world
from tests.security.walk_table import TABLE

pytestmark = pytest.mark.django_db

NUL = "\x00"


def every_address(world) -> list[str]:
    return sorted({visit.address(world) for visits in TABLE.values() for visit in visits})


def with_nul_in_query(address: str) -> str:
    return address + ("&" if "?" in address else "?") + "q=a%00b&topic=a%00b"


def with_nul_in_path(address: str) -> str:
    path, _, query = address.partition("?")
    if path == "/":
        return "/%00" + ("?" + query if query else "")
    # Into the last segment, keeping a trailing slash or suffix where the pattern needs one.
    changed = re.sub(r"([^/]+)(/?)$", lambda match: match.group(1)[:-1] + "%00" + match.group(2), path, count=1)
    return changed + ("?" + query if query else "")


def refused(response) -> bool:
    return response.status_code == 400 and REFUSED_MESSAGE in response.content.decode()


@pytest.fixture
def world():
    return build_world()


def test_a_nul_byte_in_the_query_of_any_address_is_refused_with_a_message(world):
    problems = []
    for role in ("anonymous", "member", "curator"):
        client = world.client(role)
        for address in every_address(world):
            response = client.get(with_nul_in_query(address))
            if not refused(response):
                problems.append(f"GET {with_nul_in_query(address)} as {role}: {response.status_code}")

    assert not problems, "\n".join(problems)


def test_a_nul_byte_in_the_path_of_any_address_is_refused_with_a_message(world):
    problems = []
    for role in ("anonymous", "member"):
        client = world.client(role)
        for address in every_address(world):
            response = client.get(with_nul_in_path(address))
            if not refused(response):
                problems.append(f"GET {with_nul_in_path(address)} as {role}: {response.status_code}")

    assert not problems, "\n".join(problems)


def test_a_nul_byte_in_any_form_field_posted_to_any_address_is_refused_with_a_message(world):
    problems = []
    client = world.client("member")
    for address in every_address(world):
        response = client.post(address, {"title": "a\x00b", "q": "x", "n\x00ame": "y"})
        if not refused(response):
            problems.append(f"POST {address}: {response.status_code}")

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_USER_AGENT": f"Browser{NUL}1.0"},
        {"HTTP_REFERER": f"https://example.org/{NUL}"},
        {"HTTP_COOKIE": "sessionid=abcdefgh%00ijkl"},
    ],
    ids=["user agent", "referer", "session cookie"],
)
def test_a_nul_byte_in_a_header_or_cookie_is_refused_with_a_message(world, client, extra):
    if "HTTP_COOKIE" in extra:
        client.cookies["sessionid"] = f"abcdefgh{NUL}ijkl"
        extra = {}

    for address in ("/", "/groups/", "/events/", "/me/", "/accounts/login/"):
        response = client.get(address, **extra)
        assert refused(response), (address, response.status_code)


def test_the_api_refuses_a_nul_byte_in_its_own_format(client):
    response = client.get("/api/v1/groups/?q=a%00b")

    assert response.status_code == 400
    assert response.json()["message"] == REFUSED_MESSAGE


def test_the_page_refusing_a_nul_byte_is_the_sites_own_page(client):
    response = client.get("/groups/?q=a%00b")

    assert response.status_code == 400
    assert "Sorry, there is a problem with that request" in response.content.decode()
