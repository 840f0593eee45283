"""Rows to the plain data the schemas describe. Site addresses are absolute, from SITE_URL, so the
same data reads the same in the API and in the export."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from casestudies.library import charts
from casestudies.library.models import SECTIONS, CaseStudy, Collection
from events.models import Event
from groups.models import Group


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def api_url(name: str, **kwargs: Any) -> str:
    return site_url(reverse(f"api:{name}", kwargs=kwargs))


def term(value) -> dict[str, str] | None:
    return {"slug": value.slug, "name": value.name} if value is not None else None


def licence(case_study: CaseStudy) -> dict[str, Any]:
    return {
        "code": case_study.licence,
        "name": case_study.get_licence_display(),
        "url": case_study.licence_url or None,
    }


def case_study_summary(case_study: CaseStudy) -> dict[str, Any]:
    """Reads the region, topics and organisations (CaseStudyQuerySet.with_card_data)."""
    return {
        "slug": case_study.slug,
        "title": case_study.title,
        "summary": case_study.summary,
        "url": site_url(case_study.get_absolute_url()),
        "api_url": api_url("case_study", slug=case_study.slug),
        "published_at": case_study.published_at,
        "updated_at": case_study.updated_at,
        "reading_minutes": case_study.reading_minutes,
        "adaptation_count": case_study.adaptation_count,
        "featured": case_study.featured,
        "topics": [term(t) for t in case_study.topics.all()],
        "region": term(case_study.region),
        "organisations": [
            {"slug": o.slug, "name": o.name, "website": o.website} for o in case_study.organisations.all()
        ],
        "licence": licence(case_study),
    }


def series(outcome) -> dict[str, Any] | None:
    """The measure's series with the chart's reading (casestudies.library.charts); None without points."""
    points = list(outcome.points.all())
    if not points:
        return None
    chart = charts.chart_for(outcome)
    return {
        "change_from": outcome.change_from,
        "points": [{"date": p.on, "value": float(p.value), "note": p.note} for p in points],
        "chart": chart.kind if chart else None,
        "verdict": chart.verdict if chart else None,
        "summary": chart.summary if chart else None,
        "periods": [
            {
                "start": points[period.start].on,
                "end": points[period.end - 1].on,
                "centre": period.centre,
                "upper_limit": period.upper,
                "lower_limit": period.lower,
            }
            for period in (chart.analysis.periods if chart else [])
        ],
        "signals": [
            {
                "rule": signal.rule,
                "dates": [points[i].on for i in signal.indexes],
                "direction": signal.side or None,
                "meaning": signal.meaning,
                "description": charts.signal_words(signal, chart.analysis, chart.rows),
            }
            for signal in (chart.analysis.signals if chart else [])
        ],
    }


def case_study_detail(case_study: CaseStudy) -> dict[str, Any]:
    """Reads what CaseStudyQuerySet.with_detail() fetches."""
    return {
        **case_study_summary(case_study),
        "evidence": case_study.evidence or None,
        "care_settings": [term(t) for t in case_study.care_settings.all()],
        "approaches": [term(t) for t in case_study.approaches.all()],
        "authors": [{"name": a.display_name, "role": a.role} for a in case_study.authors.all()],
        "outcomes": [
            {
                "label": o.label,
                "benefit": o.benefit,
                "before": float(o.before),
                "after": float(o.after),
                "unit": o.unit,
                "better": o.better,
                "change_percent": o.change_percent,
                "percentage_points": None if o.result.percentage_points is None else float(o.result.percentage_points),
                "result": str(o.result),
                "series": series(o),
            }
            for o in case_study.outcomes.all()
        ],
        "sections": [
            {"key": name, "heading": heading, "html": getattr(case_study, f"{name}_html")}
            for name, heading in SECTIONS
            if getattr(case_study, name).strip()
        ],
        "links": [{"title": link.title, "url": link.url} for link in case_study.links.all()],
        "started_on": case_study.started_on,
        "ended_on": case_study.ended_on,
        "attribution": case_study.attribution(settings.SITE_NAME),
    }


def collection_summary(collection: Collection) -> dict[str, Any]:
    return {
        "slug": collection.slug,
        "title": collection.title,
        "url": site_url(collection.get_absolute_url()),
        "api_url": api_url("collection", slug=collection.slug),
        "featured": collection.featured,
        "updated_at": collection.updated_at,
    }


def group(value: Group) -> dict[str, Any]:
    return {
        "slug": value.slug,
        "name": value.name,
        "summary": value.summary,
        "url": site_url(value.get_absolute_url()),
        "api_url": api_url("group", slug=value.slug),
        "visibility": value.visibility,
        "updated_at": value.updated_at,
    }


def event(value: Event) -> dict[str, Any]:
    """Never the joining link: that is for registered attendees only, and the API has no attendees."""
    return {
        "slug": value.slug,
        "title": value.title,
        "summary": value.summary,
        "url": site_url(value.get_absolute_url()),
        "api_url": api_url("event", slug=value.slug),
        "kind": value.kind,
        "format": value.format,
        "status": value.status,
        "starts_at": value.starts_at,
        "ends_at": value.ends_at,
        "timezone": value.timezone,
        "venue": value.venue,
        "group": {"slug": value.group.slug, "name": value.group.name} if value.group_id else None,
        "topics": [term(t) for t in value.topics.all()],
        "updated_at": value.updated_at,
    }
