"""The open data API at /api/v1/: read-only, anonymous, and showing only what anyone may see on the
site (published case studies, collections' published items, groups that are not private and their
events, never a joining link).

Every operation goes through `_serve`, which counts the request against its client's rate limit,
adds the allowance headers and answers conditional requests (ETag from the body, Last-Modified
where one row stands behind the response) with 304.
"""

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.openapi.docs import Swagger

from casestudies.library import browse
from casestudies.library.models import (
    Benefit,
    CaseStudy,
    Collection,
    CollectionItem,
)
from casestudies.library.taxonomy import KINDS as TAXONOMY_KINDS
from events.models import Event
from groups.models import Group

from . import export, filters, limits, schemas, serializers

PAGE_SIZE = browse.PAGE_SIZE
BENEFITS = ", ".join(Benefit.values)
MAX_PAGE = 100_000
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")


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
    def get_openapi_schema(self, **kwargs: Any) -> dict[str, Any]:
        schema = super().get_openapi_schema(**kwargs)
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
        return schema


api = OpenDataAPI(
    title=f"{settings.SITE_NAME} open data API",
    version="1",
    urls_namespace="api",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


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
            last_modified = getattr(request, "api_last_modified", None)
            response = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=int(last_modified.timestamp()) if last_modified else None,
                response=response,
            )
            if last_modified:
                response["Last-Modified"] = http_date(last_modified.timestamp())
        return response

    return serve


api.add_decorator(_serve, mode="view")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise NotFound("There is nothing with that slug.")
    return value


def _page_links(request: HttpRequest, number: int, pages: int) -> tuple[str | None, str | None]:
    def at(page: int) -> str:
        pairs = [(key, value) for key, values in request.GET.lists() if key != "page" for value in values]
        if page != 1:
            pairs.append(("page", str(page)))
        query = urlencode(pairs)
        return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")

    return (at(number + 1) if number < pages else None, at(number - 1) if number > 1 else None)


def _page(request: HttpRequest, queryset: QuerySet, number: int, *, count: int | None = None) -> tuple[dict, list]:
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


# --- Index -----------------------------------------------------------------------------------------


@api.get("/", response=responses(schemas.Index), url_name="index", summary="What this API offers")
def index(request: HttpRequest):
    latest = export.latest_export()
    return {
        "name": api.title,
        "version": api.version,
        "docs": serializers.api_url("openapi-view"),
        "openapi": serializers.api_url("openapi-json"),
        "licence": "Each case study states its licence and the attribution to give.",
        "endpoints": {
            name: serializers.api_url(name) for name in ("case_studies", "collections", "taxonomy", "groups", "events")
        },
        "export": {"url": latest.url, "format": "application/jsonl", "created_at": latest.created_at}
        if latest
        else None,
    }


# --- Case studies ----------------------------------------------------------------------------------


@api.get(
    "/case-studies/",
    response=responses(schemas.CaseStudyPage),
    url_name="case_studies",
    tags=["Case studies"],
    summary="Published case studies, with the site's search and filters",
)
def case_studies(
    request: HttpRequest,
    q: str = Query("", description='Search text, as on the site: "quoted phrases", -exclude, or.'),
    topic: list[str] = Query([], description="Topic slugs (any of them)."),
    setting: list[str] = Query([], description="Care setting slugs (any of them)."),
    approach: list[str] = Query([], description="Improvement approach slugs (any of them)."),
    region: list[str] = Query([], description="Region slugs (any of them)."),
    benefit: list[str] = Query([], description="Whom the outcomes benefit (any of them): " + BENEFITS + "."),
    featured: bool = Query(False, description="true: only the case studies featured by the curators."),
    sort: Literal["relevance", "newest", "oldest", "most_adapted"] | None = Query(
        None,
        description="relevance (the default with a search), newest (the default without), oldest, "
        "most_adapted (most organisations adapting it first).",
    ),
    page: int = PageNumber,
):
    # The same reading of the query string as /case-studies/, so the API filters exactly as the site does;
    # where the site would ignore a filter with a notice, the API refuses it so the mistake is seen.
    query = browse.parse(request.GET)
    asked = {parameter: list(slugs) for parameter, slugs in query.selected.items()}
    browse.drop_unknown_terms(query)
    unknown = [
        f"{parameter}: there is no {parameter} “{slug}”"
        for parameter, slugs in asked.items()
        for slug in slugs
        if slug not in query.selected[parameter]
    ]
    if unknown:
        raise BadParameters("Some filters name nothing in the library.", unknown)
    base = browse.base_queryset(query)
    total = browse.filtered(base, query).count()
    envelope, rows = _page(request, browse.results(base, query), page, count=total)
    return {**envelope, "results": [serializers.case_study_summary(row) for row in rows]}


@api.get(
    "/case-studies/{slug}/",
    response=responses(schemas.CaseStudy),
    url_name="case_study",
    tags=["Case studies"],
    summary="One published case study, with its licence and attribution",
)
def case_study(request: HttpRequest, slug: str):
    found = CaseStudy.objects.published().with_detail().filter(slug=_slug(slug)).first()
    if found is None:
        raise NotFound("There is no published case study with that slug.")
    request.api_last_modified = found.updated_at
    return serializers.case_study_detail(found)


# --- Collections and taxonomy ----------------------------------------------------------------------


@api.get(
    "/collections/",
    response=responses(schemas.CollectionPage),
    url_name="collections",
    tags=["Collections"],
    summary="Curated collections, featured first",
)
def collections(request: HttpRequest, page: int = PageNumber):
    envelope, rows = _page(request, Collection.objects.order_by("-featured", "title", "id"), page)
    return {**envelope, "results": [serializers.collection_summary(row) for row in rows]}


@api.get(
    "/collections/{slug}/",
    response=responses(schemas.Collection),
    url_name="collection",
    tags=["Collections"],
    summary="One collection with its published case studies, in order",
)
def collection(request: HttpRequest, slug: str):
    items = (
        CollectionItem.objects.filter(case_study__in=browse.base_queryset().values("pk"))
        .select_related("case_study", "case_study__region")
        .order_by("position", "id")
    )
    found = (
        Collection.objects.prefetch_related(
            Prefetch("items", queryset=items, to_attr="published_items"),
            "published_items__case_study__topics",
            "published_items__case_study__organisations",
        )
        .filter(slug=_slug(slug))
        .first()
    )
    if found is None:
        raise NotFound("There is no collection with that slug.")
    request.api_last_modified = max([found.updated_at, *(item.case_study.updated_at for item in found.published_items)])
    return {
        **serializers.collection_summary(found),
        "introduction_html": found.introduction_html,
        "items": [
            {"note": item.note, "case_study": serializers.case_study_summary(item.case_study)}
            for item in found.published_items
        ],
    }


@api.get(
    "/taxonomy/",
    response=responses(schemas.Taxonomy),
    url_name="taxonomy",
    tags=["Case studies"],
    summary="The terms case studies are filtered by: topics, care settings, approaches, regions",
)
def taxonomy(request: HttpRequest):
    def terms(model) -> list[dict[str, str]]:
        return list(model.objects.order_by("name", "id").values("slug", "name", "description"))

    return {
        **{kind.api_key: terms(kind.model) for kind in TAXONOMY_KINDS},
        "benefits": [{"slug": value, "name": label, "description": ""} for value, label in Benefit.choices],
    }


# --- Groups and events -----------------------------------------------------------------------------


def public_groups() -> QuerySet[Group]:
    """What anyone may see: never a private group, whoever asks (the API has no signed-in members)."""
    return Group.objects.visible_to(None)


def public_events() -> QuerySet[Event]:
    return Event.objects.visible_to(None)


@api.get(
    "/groups/",
    response=responses(schemas.GroupPage),
    url_name="groups",
    tags=["Groups and events"],
    summary="Groups that are not private, by name",
)
def groups(request: HttpRequest, page: int = PageNumber):
    envelope, rows = _page(request, public_groups().order_by("name", "id"), page)
    return {**envelope, "results": [serializers.group(row) for row in rows]}


@api.get(
    "/groups/{slug}/",
    response=responses(schemas.GroupDetail),
    url_name="group",
    tags=["Groups and events"],
    summary="One group that is not private",
)
def group(request: HttpRequest, slug: str):
    found = public_groups().filter(slug=_slug(slug)).first()
    if found is None:
        raise NotFound("There is no public group with that slug.")
    request.api_last_modified = found.updated_at
    return {**serializers.group(found), "description_html": found.description_html}


@api.get(
    "/events/",
    response=responses(schemas.EventPage),
    url_name="events",
    tags=["Groups and events"],
    summary="Upcoming events of the site and of groups that are not private, soonest first",
)
def events(
    request: HttpRequest,
    group: str = Query("", description="Only this group's events (a group slug)."),
    page: int = PageNumber,
):
    queryset = public_events().upcoming().select_related("group").prefetch_related("topics")
    if group:
        chosen = public_groups().filter(slug=group).first() if _SLUG.match(group) else None
        if chosen is None:
            raise BadParameters("There is no public group with that slug.", [f"group: no public group “{group}”"])
        queryset = queryset.for_group(chosen)
    envelope, rows = _page(request, queryset, page)
    return {**envelope, "results": [serializers.event(row) for row in rows]}


@api.get(
    "/events/{slug}/",
    response=responses(schemas.EventDetail),
    url_name="event",
    tags=["Groups and events"],
    summary="One event of the site or of a group that is not private (never its joining link)",
)
def event(request: HttpRequest, slug: str):
    found = public_events().select_related("group").prefetch_related("topics").filter(slug=_slug(slug)).first()
    if found is None:
        raise NotFound("There is no public event with that slug.")
    request.api_last_modified = found.updated_at
    return {**serializers.event(found), "description_html": found.description_html, "address": found.address}
