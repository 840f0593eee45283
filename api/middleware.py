"""Keeps every answer under /api/ in the API's own terms, where Django or Ninja would answer alone.

An address under /api/ that names no operation is resolved by Django, not by Ninja, so it would
get the site's HTML 404 page; a method an operation does not take would get Ninja's plain-text
405, and the docs and the OpenAPI document (plain Django views) would take any method at all.
Clients parse every answer as `{status, code, message, details}`, so these become that too.
"""

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse

PREFIX = "/api/"
# Read-only. OPTIONS is for CORS preflights, which django-cors-headers answers before any view.
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
MESSAGES = {
    404: "There is nothing at this address. The index, /api/v1/, lists what the API offers.",
    405: "The API is read-only: it answers GET and HEAD.",
    500: "Something went wrong on our side. Try again later.",
}


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            response = self._json_error(request, response.status_code, getattr(response, "error_message", None))
        if request.method == "HEAD" and not response.streaming:
            # Every operation answers HEAD as GET (api.base.read); the body goes, and the
            # Content-Length CommonMiddleware set for it stays, as HTTP asks.
            response.content = b""
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # Reached only for addresses that resolve, so an unknown address is a 404 whatever the method.
        if request.path.startswith(PREFIX) and request.method not in ("GET", "HEAD", "OPTIONS"):
            return self._json_error(request, 405)
        return None

    def _json_error(self, request: HttpRequest, status: int, message: str | None = None) -> HttpResponse:
        from .base import error_response  # the API's own format (importing it loads Ninja)

        # core.middleware.error_page says why on the response; otherwise the status says it.
        response = error_response(request, status, message or MESSAGES.get(status) or HTTPStatus(status).phrase)
        if status == 405:
            response["Allow"] = ALLOWED_METHODS
        return response
