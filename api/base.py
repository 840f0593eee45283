"""The open data API's object and what every operation shares: errors in the API's own JSON,
the rate limit, conditional requests (ETag from the body, Last-Modified where one row stands
behind the response, answered with 304), paging and slugs. The operations are in api/views.py.

Every operation goes through `_serve`, which counts the request against its client's rate limit,
adds the allowance headers and answers conditional requests.
"""

import functools
import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlencode
from weakref import WeakKeyDictionary

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema

from casestudies.library import browse
from casestudies.library.models import Benefit

from . import export, filters, limits, schemas

PAGE_SIZE = browse.PAGE_SIZE
BENEFITS = ", ".join(Benefit.values)
BENEFIT_TERMS = [{"slug": value, "name": label, "description": ""} for value, label in Benefit.choices]
MAX_PAGE = 100_000
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")


class NotFound(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


class BadParameters(HttpError):
    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(400, message)
        self.details = details or []


CODES = {
    400: "bad_request",
    401: "invalid_api_key",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "rate_limited",
    500: "server_error",
}


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["info"]["description"] = describe()
        filters.declare(schema)
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["apiKey"] = {
            "type": "apiKey",
            "in": "header",
            "name": limits.KEY_HEADER,
            "description": "Optional: a key issued by the curators, for a higher rate limit.",
        }
        # Either no key or a key: anonymous use is the normal case.
        schema["security"] = [{}, {"apiKey": []}]
        # Every operation also answers HEAD (see `read`), as HTTP asks of GET; the document
        # describes the GET alone.
        for operations in schema["paths"].values():
            operations.pop("head", None)
        return schema


api = OpenDataAPI(
    title=f"{settings.SITE_NAME} open data API",
    version="1",
    urls_namespace="api",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


def read(path: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declares a read-only operation: GET, and HEAD for the same answer (its body dropped by
    the API's middleware)."""
    return api.api_operation(["GET", "HEAD"], path, **options)


def describe() -> str:
    latest = export.latest_export()
    if latest:
        export_line = (
            f"[Download the whole library as JSON Lines]({latest.url}), written "
            f"{latest.created_at:%-d %B %Y at %H:%M} UTC "
            "(one case study a line, as `/case-studies/{slug}/` gives it). "
            "It is rewritten every day."
        )
    else:
        export_line = "The bulk export of the whole library is written every day; the first has not been made yet."
    return "\n\n".join(
        [
            f"Read-only open data from {settings.SITE_NAME}: published case studies, collections, the "
            "library's taxonomy, public groups and their upcoming events.",
            "**Licence and attribution.** Each case study carries its own licence (by default "
            "Creative Commons Attribution 4.0) and an `attribution` line: give that credit, with a link "
            "to the case study's `url`, wherever you show it.",
            f"**Bulk export.** {export_line}",
            f"**Rate limits.** {settings.API_RATE_LIMIT_ANONYMOUS} requests a minute for each address (the "
            "client's own address: a forged `X-Forwarded-For` header does not change it). "
            f"Curators issue keys for more: send yours in the `{limits.KEY_HEADER}` header. Every response "
            "carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; a 429 carries `Retry-After`.",
            "**Caching.** Responses carry an `ETag` (and `Last-Modified` for single items): send them back "
            "in `If-None-Match` / `If-Modified-Since` and an unchanged response is a `304` with no body.",
            "**Errors** are JSON: `{status, code, message, details}`, also for an address the API does not have "
            "(`404`) and for any method but `GET` and `HEAD` (`405`): the API is read-only.",
        ]
    )


# --- Errors ----------------------------------------------------------------------------------------


def error_response(request: HttpRequest, status: int, message: str, details: list[str] | None = None) -> HttpResponse:
    body = {"status": status, "code": CODES.get(status, "error"), "message": message, "details": details or []}
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "path"))
        details.append(f"{where}: {error.get('msg', 'is not valid')}" if where else error.get("msg", "not valid"))
    return error_response(request, 400, "Some parameters are not valid.", details)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "There is nothing here.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    response = error_response(request, exc.status_code, str(exc), getattr(exc, "details", None))
    if isinstance(exc, Throttled) and exc.wait is not None:
        response["Retry-After"] = str(int(exc.wait))
    return response


ERRORS = {400: schemas.Error, 401: schemas.Error, 404: schemas.Error, 429: schemas.Error}


def responses(schema: type) -> dict[int, Any]:
    return {200: schema, **ERRORS}


# --- Every operation -------------------------------------------------------------------------------


# The change time of the row behind a response, given by its operation (mark_last_modified).
_last_modified: "WeakKeyDictionary[HttpRequest, datetime]" = WeakKeyDictionary()


def mark_last_modified(request: HttpRequest, when: datetime) -> None:
    """The response's Last-Modified: the change time of the row behind it (answered with 304 if unchanged)."""
    _last_modified[request] = when


def _serve(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(run)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        allowance = None
        try:
            allowance = limits.take(request)
        except HttpError as refused:
            response = api.on_exception(request, refused)
        else:
            response = run(request, *args, **kwargs)
        if allowance is not None:
            response["RateLimit-Limit"] = str(allowance.limit)
            response["RateLimit-Remaining"] = str(allowance.remaining)
            response["RateLimit-Reset"] = str(allowance.resets_in)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:40] + '"'
            response["Cache-Control"] = "public, max-age=60"
            last_modified = _last_modified.pop(request, None)
            # Given a response, Django answers with it or with a 304 or 412 in its place, never None.
            response = (
                get_conditional_response(
                    request,
                    etag=response["ETag"],
                    last_modified=int(last_modified.timestamp()) if last_modified else None,
                    response=response,
                )
                or response
            )
            if last_modified:
                response["Last-Modified"] = http_date(last_modified.timestamp())
        return response

    return serve


api.add_decorator(_serve, mode="view")


M = TypeVar("M", bound=Model)


def one_by_slug(queryset: QuerySet[M], slug: str, *, missing: str) -> M:
    """The row of `queryset` with this slug; the API's 404 otherwise, saying `missing` if the slug is well formed."""
    if not SLUG.match(slug):
        raise NotFound("There is nothing with that slug.")
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise NotFound(missing)
    return found


def _page_links(request: HttpRequest, number: int, pages: int) -> tuple[str | None, str | None]:
    def at(page: int) -> str:
        pairs = [(key, value) for key, values in request.GET.lists() if key != "page" for value in values]
        if page != 1:
            pairs.append(("page", str(page)))
        query = urlencode(pairs)
        return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")

    return (at(number + 1) if number < pages else None, at(number - 1) if number > 1 else None)


def page_of(
    request: HttpRequest, queryset: QuerySet[Any], number: int, *, count: int | None = None
) -> tuple[dict[str, Any], list[Any]]:
    """(the envelope, the page's rows); a page past the end is a 404."""
    paginator = Paginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached property: setting it saves the count query
    if number > paginator.num_pages:
        raise NotFound(f"There is no page {number}: there are {paginator.num_pages}.")
    page = paginator.page(number)
    next_url, previous_url = _page_links(request, number, paginator.num_pages)
    envelope = {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "next": next_url,
        "previous": previous_url,
    }
    return envelope, list(page.object_list)


PageNumber = Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
