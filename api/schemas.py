"""What the API returns, as pydantic schemas (they are also the OpenAPI document's components)."""

from datetime import date, datetime
from datetime import date as date_type

from ninja import Schema
from pydantic import Field


class Error(Schema):
    status: int = Field(description="The HTTP status code, repeated.")
    code: str = Field(description="A stable, machine-readable name for the error.")
    message: str = Field(description="What went wrong, in words for a person.")
    details: list[str] = Field(default_factory=list, description="Which parameters were wrong, and why.")


class Term(Schema):
    slug: str
    name: str


class TermWithDescription(Term):
    description: str


class Organisation(Schema):
    slug: str
    name: str
    website: str


class Licence(Schema):
    code: str = Field(description="An SPDX identifier where the licence has one.")
    name: str
    url: str | None


class CaseStudySummary(Schema):
    slug: str
    title: str
    summary: str
    url: str = Field(description="The case study's page on the site.")
    api_url: str
    published_at: datetime | None
    updated_at: datetime
    reading_minutes: int
    adaptation_count: int = Field(description="How many organisations have said they are adapting it.")
    featured: bool = Field(description="Chosen by the curators to show first.")
    topics: list[Term]
    region: Term | None
    organisations: list[Organisation]
    licence: Licence


class Author(Schema):
    name: str
    role: str


class SeriesPoint(Schema):
    date: date_type
    value: float
    note: str


class SeriesPeriod(Schema):
    start: date_type = Field(description="The period's first point.")
    end: date_type = Field(description="The period's last point.")
    centre: float = Field(description="The mean (SPC chart) or median (run chart) of the period.")
    upper_limit: float | None = Field(description="Upper process limit: mean + 2.66 × average moving range.")
    lower_limit: float | None


class SeriesSignal(Schema):
    rule: str = Field(
        description="beyond_limit, shift, baseline_shift, trend, two_of_three (Making Data Count); "
        "long_run, few_crossings (Anhøj rules for run charts)."
    )
    dates: list[date_type]
    direction: str | None = Field(description='"up" or "down"; null for too few crossings.')
    meaning: str = Field(description="improvement, concern, or neutral when the better direction is not given.")
    description: str


class Series(Schema):
    change_from: date_type | None = Field(description="The first date after the change began.")
    points: list[SeriesPoint]
    chart: str | None = Field(description='"xmr" (15 points or more), "run" (10 or more), or null for fewer.')
    verdict: str | None = Field(description='"sustained improvement", "no signal yet", ...')
    summary: str | None
    periods: list[SeriesPeriod]
    signals: list[SeriesSignal]


class Outcome(Schema):
    label: str
    benefit: str = Field(description="Whom it benefits: population, staff, organisation or system.")
    before: float
    after: float
    unit: str
    better: str = Field(description='Which way is better: "higher", "lower" or "" when the authors did not say.')
    change_percent: int | float | None = Field(
        description="The relative change in per cent, where it means something: not for measures in per cent "
        "(see percentage_points), nor from zero or across zero."
    )
    percentage_points: float | None = Field(description="For measures in per cent: the change in percentage points.")
    result: str = Field(description='The change in words, as the site shows it: "15% → 74%, up 59 percentage points".')
    series: Series | None = Field(description="The measure's data over time and what its chart shows, if given.")


class Section(Schema):
    key: str
    heading: str
    html: str = Field(description="Sanitised HTML rendered from the authors' Markdown.")


class Link(Schema):
    title: str
    url: str


class CaseStudy(CaseStudySummary):
    evidence: str | None = Field(
        description='What the results rest on: "sustained-improvement" (a chart shows it), "data-over-time", '
        '"before-and-after" (two numbers only), or null with no outcome measures.'
    )
    care_settings: list[Term]
    approaches: list[Term]
    authors: list[Author]
    outcomes: list[Outcome]
    sections: list[Section]
    links: list[Link]
    started_on: date | None
    ended_on: date | None
    attribution: str = Field(description="The credit line to give when reusing it.")


class Page(Schema):
    count: int = Field(description="How many items match, over all pages.")
    page: int
    pages: int
    next: str | None = Field(description="The next page's address, or null on the last page.")
    previous: str | None


class CaseStudyPage(Page):
    results: list[CaseStudySummary]


class CollectionSummary(Schema):
    slug: str
    title: str
    url: str
    api_url: str
    featured: bool
    updated_at: datetime


class CollectionItem(Schema):
    note: str
    case_study: CaseStudySummary


class Collection(CollectionSummary):
    introduction_html: str
    items: list[CollectionItem] = Field(description="The collection's published case studies, in its order.")


class CollectionPage(Page):
    results: list[CollectionSummary]


class Taxonomy(Schema):
    topics: list[TermWithDescription]
    care_settings: list[TermWithDescription]
    approaches: list[TermWithDescription]
    regions: list[TermWithDescription]
    benefits: list[TermWithDescription] = Field(description="Whom outcome measures benefit (the `benefit` filter).")


class Group(Schema):
    slug: str
    name: str
    summary: str
    url: str
    api_url: str
    visibility: str = Field(description="open or by_request: private groups are never listed.")
    updated_at: datetime


class GroupDetail(Group):
    description_html: str


class GroupPage(Page):
    results: list[Group]


class EventGroup(Schema):
    slug: str
    name: str


class Event(Schema):
    slug: str
    title: str
    summary: str
    url: str
    api_url: str
    kind: str
    format: str
    status: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: str
    group: EventGroup | None = Field(description="Null for an event the site itself runs.")
    topics: list[Term]
    updated_at: datetime


class EventDetail(Event):
    description_html: str
    address: str


class EventPage(Page):
    results: list[Event]


class Export(Schema):
    url: str
    format: str
    created_at: datetime


class Index(Schema):
    name: str
    version: str
    docs: str
    openapi: str
    licence: str
    endpoints: dict[str, str]
    export: Export | None
