"""Demo series for some demo measures: weekly and monthly, with baselines and shifts, one run chart,
and one with no signal at all, since an honest library shows those too.

Values are drawn from a seeded generator, so every seeding makes the same series.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from casestudies.library import series
from casestudies.library.models import OutcomeMeasure
from casestudies.library.results import HIGHER, LOWER


@dataclass(frozen=True)
class DemoSeries:
    case_study: str
    label: str
    start: date
    monthly: bool
    baseline: tuple[float, float, int]  # mean, spread, how many points
    after: tuple[float, float, int]
    better: str
    notes: tuple[tuple[int, str], ...] = ()
    marks_change: bool = True


SERIES = [
    DemoSeries(
        "Reducing falls on older people's wards with PDSA cycles",
        "Falls with harm per 1,000 bed days",
        date(2024, 4, 1),
        True,
        (2.5, 0.25, 12),
        (1.5, 0.2, 12),
        LOWER,
        ((12, "Falls huddle and lying and standing blood pressure started"),),
    ),
    DemoSeries(
        "Fewer falls on community hospital wards: adapting an acute trust's PDSA approach",
        "Falls with harm per 1,000 bed days",
        date(2025, 1, 1),
        True,
        (3.1, 0.3, 9),
        (1.9, 0.25, 11),
        LOWER,
        ((9, "Night-time checks changed to fit fewer nurses"),),
    ),
    DemoSeries(
        "62% shorter process lead times across five trusts",
        "Process lead time",
        date(2025, 3, 3),
        False,
        (21, 2.2, 10),
        (8, 1.4, 16),
        LOWER,
        ((10, "New referral form live"),),
    ),
    DemoSeries(
        "Sepsis screening in the ambulance",
        "Antibiotics within one hour of arrival",
        date(2025, 6, 2),
        False,
        (48, 5, 12),
        (83, 4, 12),
        HIGHER,
        ((12, "Sepsis trolley in every bay"),),
    ),
    DemoSeries(
        "Lean in community pharmacy",
        "Wait for walk-in prescriptions",
        date(2025, 9, 1),
        False,
        (24, 2.5, 6),
        (8, 1.5, 6),
        LOWER,
        ((6, "Prescriptions sorted by collection time"),),
    ),
    # Recovery stayed where it was: a chart with no signal, shown as such.
    DemoSeries(
        "Reducing waits for talking therapies",
        "Recovery rate",
        date(2024, 10, 1),
        True,
        (51, 1.2, 18),
        (51, 1.2, 0),
        HIGHER,
        marks_change=False,
    ),
]


def _values(spec: DemoSeries) -> list[Decimal]:
    generator = random.Random(f"{spec.case_study}|{spec.label}")
    values = []
    for mean, spread, count in (spec.baseline, spec.after):
        values += [Decimal(str(round(generator.gauss(mean, spread), 1))) for _ in range(count)]
    return values


def _dates(spec: DemoSeries, count: int) -> list[date]:
    if not spec.monthly:
        return [spec.start + timedelta(weeks=week) for week in range(count)]
    return [
        date(spec.start.year + (spec.start.month - 1 + n) // 12, (spec.start.month - 1 + n) % 12 + 1, 1)
        for n in range(count)
    ]


def seed() -> None:
    """Gives each demo measure above its series, once (a measure that has points is left alone)."""
    for spec in SERIES:
        measure = (
            OutcomeMeasure.objects.filter(case_study__title__startswith=spec.case_study, label=spec.label)
            .exclude(points__isnull=False)
            .first()
        )
        if measure is None:
            continue
        values = _values(spec)
        dates = _dates(spec, len(values))
        notes = dict(spec.notes)
        points = [
            series.Point(on, value, notes.get(i, "")) for i, (on, value) in enumerate(zip(dates, values, strict=True))
        ]
        change_from = dates[spec.baseline[2]] if spec.marks_change else None
        series.series_replace(measure=measure, points=points, change_from=change_from, better=spec.better)
