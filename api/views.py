"""The open data API at /api/v1/: read-only, anonymous, and showing only what anyone may see on the
site (published case studies, collections' published items, groups that are not private and their
events, never a joining link). What every operation shares is in api/base.py.
"""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query

from casestudies.library import browse
from casestudies.library import queries as library
from casestudies.library.taxonomy import KINDS as TAXONOMY_KINDS
from events.queries import visible_events
from groups.queries import visible_groups

from . import export, schemas
from .base import (
    BENEFIT_TERMS,
    BENEFITS,
    SLUG,
    BadParameters,
    PageNumber,
    api,
    mark_last_modified,
    one_by_slug,
    page_of,
    read,
    responses,
)

# --- Index -----------------------------------------------------------------------------------------


@read("/", response=responses(schemas.Index), url_name="index", summary="What this API offers")
def index(request: HttpRequest):
    latest = export.latest_export()
    return {
        "name": api.title,
        "version": api.version,
        "docs": schemas.api_url("openapi-view"),
        "openapi": schemas.api_url("openapi-json"),
        "licence": "Each case study states its licence and the attribution to give.",
        "endpoints": {
            name: schemas.api_url(name) for name in ("case_studies", "collections", "taxonomy", "groups", "events")
        },
        "export": {"url": latest.url, "format": "application/jsonl", "created_at": latest.created_at}
        if latest
        else None,
    }


# --- Case studies ----------------------------------------------------------------------------------


@read(
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
    envelope, rows = page_of(request, browse.results(base, query), page, count=total)
    return {**envelope, "results": rows}


@read(
    "/case-studies/{slug}/",
    response=responses(schemas.CaseStudy),
    url_name="case_study",
    tags=["Case studies"],
    summary="One published case study, with its licence and attribution",
)
def case_study(request: HttpRequest, slug: str):
    found = one_by_slug(
        library.published_case_studies().with_detail(), slug, missing="There is no published case study with that slug."
    )
    mark_last_modified(request, found.updated_at)
    return found


# --- Collections and taxonomy ----------------------------------------------------------------------


@read(
    "/collections/",
    response=responses(schemas.CollectionPage),
    url_name="collections",
    tags=["Collections"],
    summary="Curated collections, featured first",
)
def collections(request: HttpRequest, page: int = PageNumber):
    envelope, rows = page_of(request, library.collections().order_by("-featured", "title", "id"), page)
    return {**envelope, "results": rows}


@read(
    "/collections/{slug}/",
    response=responses(schemas.Collection),
    url_name="collection",
    tags=["Collections"],
    summary="One collection with its published case studies, in order",
)
def collection(request: HttpRequest, slug: str):
    # Any: the row carries the `published_items` prefetched for it, which the model's type does not name.
    found: Any = one_by_slug(
        library.collections().with_published_items(), slug, missing="There is no collection with that slug."
    )
    mark_last_modified(
        request, max([found.updated_at, *(item.case_study.updated_at for item in found.published_items)])
    )
    return found


@read(
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
        "benefits": BENEFIT_TERMS,
    }


# --- Groups and events -----------------------------------------------------------------------------
# What anyone may see: never a private group, whoever asks (the API has no signed-in members).


@read(
    "/groups/",
    response=responses(schemas.GroupPage),
    url_name="groups",
    tags=["Groups and events"],
    summary="Groups that are not private, by name",
)
def groups(request: HttpRequest, page: int = PageNumber):
    envelope, rows = page_of(request, visible_groups(None).order_by("name", "id"), page)
    return {**envelope, "results": rows}


@read(
    "/groups/{slug}/",
    response=responses(schemas.GroupDetail),
    url_name="group",
    tags=["Groups and events"],
    summary="One group that is not private",
)
def group(request: HttpRequest, slug: str):
    found = one_by_slug(visible_groups(None), slug, missing="There is no public group with that slug.")
    mark_last_modified(request, found.updated_at)
    return found


@read(
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
    queryset = visible_events(None).upcoming().select_related("group").prefetch_related("topics")
    if group:
        chosen = visible_groups(None).filter(slug=group).first() if SLUG.match(group) else None
        if chosen is None:
            raise BadParameters("There is no public group with that slug.", [f"group: no public group “{group}”"])
        queryset = queryset.for_group(chosen)
    envelope, rows = page_of(request, queryset, page)
    return {**envelope, "results": rows}


@read(
    "/events/{slug}/",
    response=responses(schemas.EventDetail),
    url_name="event",
    tags=["Groups and events"],
    summary="One event of the site or of a group that is not private (never its joining link)",
)
def event(request: HttpRequest, slug: str):
    found = one_by_slug(
        visible_events(None).select_related("group").prefetch_related("topics"),
        slug,
        missing="There is no public event with that slug.",
    )
    mark_last_modified(request, found.updated_at)
    return found
