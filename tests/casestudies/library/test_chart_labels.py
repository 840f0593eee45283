"""The dates under a chart's x axis never overlap, at any number of points and on every drawing, and
the first and last dates are always among them.

Each label's extent is estimated as the browser lays it out: from its x and text-anchor, and a width
of 0.6 em a character at the size the stylesheet gives it (static/scss/_charts.scss), a little wider
than the digits and letters of the site's fonts."""

import itertools
from datetime import date, timedelta

import pytest

from casestudies.library import charts, spc
from casestudies.library.charts import Drawing, Row, chart_for
from casestudies.library.models import MeasurePoint
from tests.casestudies.factories import OutcomeMeasureFactory

EM_PER_CHARACTER = 0.6
GAP_EM = 0.5  # room between two labels, so they read as two
FONT_SIZE = {"wide": 16, "narrow": 13, "small": 16}  # px, as _charts.scss sets them

WEEKLY = date(2017, 9, 26)
UNEVEN_GAPS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 3, 1, 400, 7, 7, 30, 2, 90, 365]


def weekly(count: int) -> list[date]:
    return [WEEKLY + timedelta(weeks=week) for week in range(count)]


def monthly(count: int) -> list[date]:
    return [date(2024 + (3 + m) // 12, 1 + (3 + m) % 12, 1) for m in range(count)]


def uneven(count: int) -> list[date]:
    days = [0]
    for i in range(count - 1):
        days.append(days[-1] + UNEVEN_GAPS[i % len(UNEVEN_GAPS)])
    return [WEEKLY + timedelta(days=d) for d in days]


SERIES = {
    **{f"{n} weekly": weekly(n) for n in (1, 2, 3, 12, 24, 100)},
    **{f"{n} monthly": monthly(n) for n in (3, 12, 24, 100)},
    **{f"{n} uneven": uneven(n) for n in (5, 12, 24, 60, 100)},
}


def _rows(dates: list[date]) -> list[Row]:
    values = [9 + (i * 7) % 5 for i in range(len(dates))]
    return [
        Row(on=on, value=v, value_text=str(v), note="", centre=10, limits=None, meaning="")
        for on, v in zip(dates, values, strict=True)
    ]


def drawings(dates: list[date]) -> dict[str, Drawing]:
    """The chart's drawings of these dates, as charts.chart_for lays them out, at any number of points."""
    rows = _rows(dates)
    analysis = spc.Analysis(kind="run", values=[row.value for row in rows], periods=[spc.Period(0, len(rows), 10)])
    bounds = (min(analysis.values), max(analysis.values))
    layouts = {"wide": charts.WIDE, "narrow": charts.NARROW, "small": charts.SMALL}
    return {variant: charts.draw(rows, analysis, layout, bounds) for variant, layout in layouts.items()}


def extents(drawing: Drawing, font_size: int) -> list[tuple[float, float, str]]:
    """Each x label's left and right edge (and its text), left to right."""
    spans = []
    for tick in drawing.x_ticks:
        width = len(tick["text"]) * font_size * EM_PER_CHARACTER
        left = {"start": tick["x"], "middle": tick["x"] - width / 2, "end": tick["x"] - width}[tick["anchor"]]
        spans.append((left, left + width, tick["text"]))
    return sorted(spans)


def assert_apart(drawing: Drawing, font_size: int) -> None:
    spans = extents(drawing, font_size)
    for (_, right, text), (left, _, after) in itertools.pairwise(spans):
        assert left - right >= GAP_EM * font_size, f"{text!r} and {after!r} overlap ({right:.0f} > {left:.0f})"
    assert spans[0][0] >= 0
    assert spans[-1][1] <= drawing.layout.width


@pytest.mark.parametrize("name", SERIES)
def test_no_two_x_axis_dates_overlap_on_any_drawing(name):
    dates = SERIES[name]

    for variant, drawing in drawings(dates).items():
        assert_apart(drawing, FONT_SIZE[variant])
        xs = [tick["x"] for tick in drawing.x_ticks]
        assert xs[0] == drawing.plot_left  # the first date
        assert xs[-1] == (drawing.plot_right if len(dates) > 1 else drawing.plot_left)  # and the last


@pytest.mark.django_db
def test_a_hundred_week_chart_dates_its_ends_with_their_years_and_labels_more_between():
    measure = OutcomeMeasureFactory(label="Falls a week", unit="falls")
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure=measure, on=on, value=9 + i % 5) for i, on in enumerate(weekly(100))
    )

    chart = chart_for(measure)

    assert_apart(chart.wide, FONT_SIZE["wide"])
    assert_apart(chart.narrow, FONT_SIZE["narrow"])
    wide, narrow = ([tick["text"] for tick in drawing.x_ticks] for drawing in (chart.wide, chart.narrow))
    assert len(wide) >= 4
    assert len(narrow) == 3
    for texts in (wide, narrow):  # two years apart: each end has its year
        assert texts[0] == "26 Sep 2017"
        assert texts[-1] == "20 Aug 2019"
