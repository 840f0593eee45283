"""What the API returns, as pydantic schemas (they are also the OpenAPI document's components).

The schemas read the rows themselves: a field is the row's attribute of the same name, or the
schema's `resolve_<field>` where the API says it differently. Site addresses are absolute, from
SITE_URL, so the same data reads the same in the API and in the export.
"""

from datetime import date, datetime
from datetime import date as date_type
from typing import Any

from django.conf import settings
from django.urls import reverse
from ninja import Schema
from pydantic import Field

from casestudies.library import charts
from casestudies.library.models import SECTIONS
from casestudies.library.models import CaseStudy as CaseStudyRow
from casestudies.library.models import OutcomeMeasure as OutcomeRow


# What the CaseStudy schema reads besides the row and its region.
def site_url(path: str) -> str:
    return settings.SITE_URL + path


def api_url(name: str, **kwargs: Any) -> str:
    return site_url(reverse(f"api:{name}", kwargs=kwargs))


class Linked(Schema):
    # For a row with a page on the site: its `url` field is that page's absolute address.
    # (Comments, not docstrings, on the schemas: a docstring would become the OpenAPI description.)

    @staticmethod
    def resolve_url(row: Any) -> str:
        return site_url(row.get_absolute_url())


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
    # Read from the case study.
    code: str = Field(description="An SPDX identifier where the licence has one.")
    name: str
    url: str | None

    @staticmethod
    def resolve_code(case_study: CaseStudyRow) -> str:
        return case_study.licence

    @staticmethod
    def resolve_name(case_study: CaseStudyRow) -> str:
        return case_study.get_licence_display()

    @staticmethod
    def resolve_url(case_study: CaseStudyRow) -> str | None:
        return case_study.licence_url or None


class CaseStudySummary(Linked):
    # Reads the region, topics and organisations (CaseStudyQuerySet.with_card_data).
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

    @staticmethod
    def resolve_api_url(case_study: CaseStudyRow) -> str:
        return api_url("case_study", slug=case_study.slug)

    @staticmethod
    def resolve_licence(case_study: CaseStudyRow) -> CaseStudyRow:
        return case_study


class Author(Schema):
    name: str
    role: str

    @staticmethod
    def resolve_name(author: Any) -> str:
        return str(author.display_name)


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

    @classmethod
    def of(cls, outcome: OutcomeRow) -> "Series | None":
        """The measure's series with the chart's reading (casestudies.library.charts); None without points."""
        points = list(outcome.points.all())
        if not points:
            return None
        chart = charts.chart_for(outcome)
        return cls(
            change_from=outcome.change_from,
            points=[SeriesPoint(date=p.on, value=float(p.value), note=p.note) for p in points],
            chart=chart.kind if chart else None,
            verdict=chart.verdict if chart else None,
            summary=chart.summary if chart else None,
            periods=[
                SeriesPeriod(
                    start=points[period.start].on,
                    end=points[period.end - 1].on,
                    centre=period.centre,
                    upper_limit=period.upper,
                    lower_limit=period.lower,
                )
                for period in (chart.analysis.periods if chart else [])
            ],
            signals=[
                SeriesSignal(
                    rule=signal.rule,
                    dates=[points[i].on for i in signal.indexes],
                    direction=signal.side or None,
                    meaning=signal.meaning,
                    description=charts.signal_words(signal, chart.analysis, chart.rows),
                )
                for signal in chart.analysis.signals
            ]
            if chart
            else [],
        )


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

    @staticmethod
    def resolve_percentage_points(outcome: OutcomeRow) -> float | None:
        points = outcome.result.percentage_points
        return None if points is None else float(points)

    @staticmethod
    def resolve_result(outcome: OutcomeRow) -> str:
        return str(outcome.result)

    @staticmethod
    def resolve_series(outcome: OutcomeRow) -> Series | None:
        return Series.of(outcome)


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

    # Reads what CaseStudyQuerySet.with_detail() prefetches.

    @staticmethod
    def resolve_authors(case_study: CaseStudyRow) -> list[Any]:
        # The byline: never a closed account, nor a member who keeps their profile hidden.
        return list(case_study.byline)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_evidence(case_study: CaseStudyRow) -> str | None:
        return case_study.evidence or None

    @staticmethod
    def resolve_sections(case_study: CaseStudyRow) -> list[Section]:
        return [
            Section(key=name, heading=heading, html=getattr(case_study, f"{name}_html"))
            for name, heading in SECTIONS
            if getattr(case_study, name).strip()
        ]

    @staticmethod
    def resolve_attribution(case_study: CaseStudyRow) -> str:
        return case_study.attribution(settings.SITE_NAME)


class Page(Schema):
    count: int = Field(description="How many items match, over all pages.")
    page: int
    pages: int
    next: str | None = Field(description="The next page's address, or null on the last page.")
    previous: str | None


class CaseStudyPage(Page):
    results: list[CaseStudySummary]


class CollectionSummary(Linked):
    slug: str
    title: str
    url: str
    api_url: str
    featured: bool
    updated_at: datetime

    @staticmethod
    def resolve_api_url(collection: Any) -> str:
        return api_url("collection", slug=collection.slug)


class CollectionItem(Schema):
    note: str
    case_study: CaseStudySummary


class Collection(CollectionSummary):
    # Reads the collection's `published_items` (prefetched by the API's view).
    introduction_html: str
    items: list[CollectionItem] = Field(description="The collection's published case studies, in its order.")

    @staticmethod
    def resolve_items(collection: Any) -> list[Any]:
        return list(collection.published_items)


class CollectionPage(Page):
    results: list[CollectionSummary]


class Taxonomy(Schema):
    topics: list[TermWithDescription]
    care_settings: list[TermWithDescription]
    approaches: list[TermWithDescription]
    regions: list[TermWithDescription]
    benefits: list[TermWithDescription] = Field(description="Whom outcome measures benefit (the `benefit` filter).")


class Group(Linked):
    slug: str
    name: str
    summary: str
    url: str
    api_url: str
    visibility: str = Field(description="open or by_request: private groups are never listed.")
    updated_at: datetime

    @staticmethod
    def resolve_api_url(group: Any) -> str:
        return api_url("group", slug=group.slug)


class GroupDetail(Group):
    description_html: str


class GroupPage(Page):
    results: list[Group]


class EventGroup(Schema):
    slug: str
    name: str


class Event(Linked):
    # Never the joining link: that is for registered attendees only, and the API has no attendees.
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

    @staticmethod
    def resolve_api_url(event: Any) -> str:
        return api_url("event", slug=event.slug)


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
