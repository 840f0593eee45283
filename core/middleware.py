from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header, which Django does not set itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# PostgreSQL's text type cannot hold a NUL character, so any value carrying one fails as a
# DataError wherever it reaches a query (a search, a filter, a lookup by token, a session key).
REFUSED_CHARACTERS = ("\x00",)
REFUSED_MESSAGE = "The request contains a character that is not allowed (a NUL byte). Remove it and try again."


def _carries_refused_character(text: str) -> bool:
    return any(character in text for character in REFUSED_CHARACTERS)


def _request_texts(request: HttpRequest) -> Iterator[str]:
    yield request.path
    for key, values in request.GET.lists():
        yield key
        yield from values
    for key, value in request.COOKIES.items():
        yield key
        yield value
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str):
            yield value
    if request.method == "POST":
        for key, values in request.POST.lists():
            yield key
            yield from values
        for key, uploads in request.FILES.lists():
            yield key
            yield from (upload.name or "" for upload in uploads)


class RefusedCharactersMiddleware:
    """Answers 400 with a message, in one place, to any request whose address, query, cookies,
    headers or form fields carry a character the database refuses, before any view sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(_carries_refused_character(text) for text in _request_texts(request)):
            return refused_response(request)
        return self.get_response(request)


def refused_response(request: HttpRequest) -> HttpResponse:
    return error_page(request, 400, REFUSED_MESSAGE)


def error_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """The site's error page saying `message`. The message rides on the response as
    `error_message`, so that the API's middleware (above the site in the layers) answers its
    own addresses with it in JSON."""
    response = render(request, f"{status}.html", {"message": message}, status=status)
    response.error_message = message  # type: ignore[attr-defined]
    return response
