"""A measure's series as a chart: what the statistics found (casestudies.library.spc), put into words and
into coordinates for the SVG template (templates/casestudies/includes/chart.html).

Nothing here writes markup: it works out numbers and sentences, and the template draws them.
Each chart is laid out twice, wide and narrow, so its text stays readable on a phone without
scaling a wide drawing down (CSS shows the one that fits).
"""

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.template.defaultfilters import floatformat
from django.utils.dates import MONTHS_3

from casestudies.library import spc
from casestudies.library.chart_dates import date_text, x_labels
from casestudies.library.results import number, with_unit
from casestudies.library.series import change_index

if TYPE_CHECKING:
    from casestudies.library.models import OutcomeMeasure

SIDE_WORDS = {"xmr": "mean", "run": "median"}
RULE_WORDS = {
    "beyond_limit": "a point beyond a process limit",
    "shift": "a shift",
    "baseline_shift": "a shift from the baseline",
    "trend": "a trend",
    "two_of_three": "two out of three points near a limit",
    "long_run": "an unusually long run",
    "few_crossings": "too few crossings of the median",
}


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_ticks: int  # at most this many dates under the x axis
    y_ticks: int
    label_size: int  # the axis text's font size, as static/scss/_charts.scss sets it


WIDE = Layout(width=720, height=330, left=64, right=16, top=16, bottom=44, x_ticks=6, y_ticks=6, label_size=16)
NARROW = Layout(width=360, height=300, left=52, right=10, top=14, bottom=44, x_ticks=3, y_ticks=5, label_size=13)
SMALL = Layout(width=320, height=200, left=48, right=8, top=10, bottom=36, x_ticks=2, y_ticks=4, label_size=16)


@dataclass
class Row:
    """One line of the data table (and one point of the chart), its figures also as the table shows them.

    The texts are made here rather than by the template's filters: a chart of 100 points has
    hundreds of them, and each filter call costs more than the figure it formats."""

    on: date
    value: float
    value_text: str
    note: str
    centre: float | None
    limits: tuple[float, float] | None
    meaning: str
    signals: list[str] = field(default_factory=list)
    on_text: str = ""  # "3 Mar 2026"
    on_iso: str = ""  # "2026-03-03", for <time datetime>
    centre_text: str = ""  # as floatformat:"-2" shows it
    limits_text: str = ""  # "12.5 to 20.25"

    @property
    def signals_text(self) -> str:
        """What the table's Signal column says: "Shift: ...; trend: ..." or "None"."""
        text = "; ".join(self.signals)
        return text[:1].upper() + text[1:] if text else "None"


@dataclass
class Drawing:
    """Coordinates in the SVG's own units for one layout."""

    layout: Layout
    points: list[dict]
    line: str  # "x,y x,y ..." for the polyline: numbers only
    centres: list[dict]
    limits: list[dict]
    x_ticks: list[dict]
    y_ticks: list[dict]
    change_x: float | None
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    y_label_x: int
    x_label_y: int


@dataclass
class Chart:
    measure_id: int
    title: str
    summary: str
    verdict: str
    kind: str
    kind_name: str
    unit: str
    rows: list[Row]
    wide: Drawing
    narrow: Drawing
    signal_counts: dict[str, int]
    centre_name: str
    analysis: spc.Analysis
    shared_axis: bool = False

    @property
    def dom_id(self) -> str:
        """The prefix of the ids in its markup: one chart per measure on any page."""
        return f"chart-{self.measure_id}"


def _nice_step(span: float, ticks: int) -> float:
    raw = span / max(ticks - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def y_scale(low: float, high: float, ticks: int) -> tuple[float, float, list[float]]:
    """A range that holds [low, high] with round tick values."""
    if high == low:
        low, high = low - 1, high + 1
    step = _nice_step(high - low, ticks)
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    values = [start + i * step for i in range(round((end - start) / step) + 1)]
    return start, end, values


def day_text(on: date) -> str:
    """A date as format_date(on, "j M Y") gives it ("3 Mar 2026"), without its cost per call."""
    return f"{on.day} {MONTHS_3[on.month].title()} {on.year}"


def svg_number(value: float) -> str:
    """A coordinate as the SVG gets it: a plain number, not one localised by the template."""
    return f"{value:g}"


def draw(rows: list[Row], analysis: spc.Analysis, layout: Layout, bounds: tuple[float, float]) -> Drawing:
    n = len(rows)
    low, high, ticks = y_scale(*bounds, layout.y_ticks)
    plot_left, plot_right = layout.left, layout.width - layout.right
    plot_top, plot_bottom = layout.top, layout.height - layout.bottom

    def x(index: float) -> float:
        return round(plot_left + (plot_right - plot_left) * (index / max(n - 1, 1)), 1)

    def y(value: float) -> float:
        return round(plot_bottom - (plot_bottom - plot_top) * ((value - low) / (high - low)), 1)

    points = [
        {"meaning": row.meaning, "row": row, "r": "4" if layout is not SMALL else "3", **_marker(x(i), y(row.value))}
        for i, row in enumerate(rows)
    ]
    centres, limits = [], []
    for period in analysis.periods:
        span = {"x1": x(period.start), "x2": x(period.end - 1)}
        centres.append({**span, "y": y(period.centre)})
        if period.upper is not None and period.lower is not None:
            limits += [{**span, "y": y(period.upper)}, {**span, "y": y(period.lower)}]
    change = next((p.start for p in analysis.periods[1:]), None)
    return Drawing(
        layout=layout,
        points=points,
        line=" ".join(f"{p['x']},{p['y']}" for p in points),
        centres=centres,
        limits=limits,
        x_ticks=x_labels([row.on for row in rows], x, layout.x_ticks, layout.label_size, years=layout is not SMALL),
        y_ticks=[{"y": y(value), "text": number(value)} for value in ticks],
        change_x=None if change is None else round((x(change - 1) + x(change)) / 2, 1),
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        y_label_x=plot_left - 6,
        x_label_y=plot_bottom + 22,
    )


def _marker(x_at: float, y_at: float) -> dict[str, str]:
    """Where a point's marker is drawn: its centre, and the corners of its shapes, as text (hundreds
    of numbers per chart, each localised by the template otherwise). The diamond is drawn from its
    top corner, 7 above the centre."""
    return {
        "x": svg_number(x_at),
        "y": svg_number(y_at),
        "top": svg_number(round(y_at - 7, 1)),
        "bottom": svg_number(round(y_at + 5, 1)),
        "left": svg_number(round(x_at - 6, 1)),
        "right": svg_number(round(x_at + 6, 1)),
        "square_y": svg_number(round(y_at - 6, 1)),
    }


def _bounds(analysis: spc.Analysis) -> tuple[float, float]:
    numbers = list(analysis.values)
    for period in analysis.periods:
        numbers += [v for v in (period.centre, period.upper, period.lower) if v is not None]
    return min(numbers), max(numbers)


def signal_words(signal: spc.Signal, analysis: spc.Analysis, rows: list[Row]) -> str:
    centre = SIDE_WORDS.get(analysis.kind, "mean")
    side = {"up": "above", "down": "below"}.get(signal.side, "")
    count = len(signal.indexes)
    if signal.rule == "beyond_limit":
        words = f"{'above the upper' if signal.side == 'up' else 'below the lower'} process limit"
    elif signal.rule == "shift":
        words = f"shift: {count} points in a row {side} the {centre}"
    elif signal.rule == "baseline_shift":
        words = f"shift: {count} points in a row {side} the baseline mean"
    elif signal.rule == "trend":
        words = f"trend: {count} points in a row {'rising' if signal.side == 'up' else 'falling'}"
    elif signal.rule == "two_of_three":
        words = f"two out of three points near the {'upper' if signal.side == 'up' else 'lower'} limit"
    elif signal.rule == "long_run":
        words = f"run of {count} points {side} the median (more than {analysis.longest_run_limit})"
    else:
        words = f"{analysis.crossings} crossings of the median (fewer than {analysis.crossings_limit})"
    return words if signal.meaning == spc.NEUTRAL else f"{words} ({signal.meaning})"


def spacing(rows: list[Row]) -> str:
    """ "monthly", "weekly" or "" from the average gap between points."""
    if len(rows) < 2:
        return ""
    gap = (rows[-1].on - rows[0].on).days / (len(rows) - 1)
    return "monthly" if gap >= 27 else "weekly" if 6 <= gap <= 8 else ""


def summary(label: str, unit: str, analysis: spc.Analysis, rows: list[Row]) -> str:
    """The one sentence a screen reader reads first, and everyone sees above the chart."""
    centre_name = SIDE_WORDS[analysis.kind]
    every = spacing(rows)
    if analysis.sustained_from is not None:
        run = len(rows) - analysis.sustained_from
        things = {"monthly": "months", "weekly": "weeks"}.get(every, "points")
        side = "below" if analysis.values[-1] < analysis.periods[0].centre else "above"
        baseline = "baseline " if len(analysis.periods) > 1 or analysis.kind == "run" else ""
        since = date_text(rows[analysis.sustained_from].on, monthly=every == "monthly")
        return (
            f"{label}: {analysis.verdict}, a shift {side} the {baseline}{centre_name} from {since}, "
            f"sustained for {run} {things} to the latest point."
        )
    if analysis.signals:
        found = "; ".join(signal_words(signal, analysis, rows) for signal in analysis.signals[:3])
        more = len(analysis.signals) - 3
        extra = f"; and {more} more" if more > 0 else ""
        return f"{label}: {analysis.verdict}. Signals: {found}{extra}."
    centre = analysis.periods[-1].centre
    # Three figures are plenty for a centre line: 61.8%, not 61.78%.
    level = with_unit(round(centre, 1 if abs(centre) >= 10 else 2), unit)
    bounds = " within the process limits" if analysis.kind == "xmr" else ""
    points = f"{len(rows)} {every} points".replace("  ", " ")
    return f"{label}: {analysis.verdict}; the {points} vary around a {centre_name} of {level}{bounds}."


def chart_for(measure: "OutcomeMeasure", *, small: bool = False) -> Chart | None:
    """The measure's chart from its prefetched points; None when there are too few for one."""
    points = list(measure.points.all())
    analysis = spc.analyse(
        [p.value for p in points], change_at=change_index(points, measure.change_from), better=measure.better
    )
    if not analysis.kind:
        return None
    rows = []
    texts: dict[spc.Period, tuple[str, str]] = {}
    for i, point in enumerate(points):
        period = analysis.period_of(i)
        if period not in texts:
            limits = (
                ""
                if period.upper is None
                else f"{floatformat(period.lower, '-2')} to {floatformat(period.upper, '-2')}"
            )
            texts[period] = (floatformat(period.centre, "-2"), limits)
        rows.append(
            Row(
                on=point.on,
                value=float(point.value),
                value_text=with_unit(point.value, measure.unit),
                note=point.note,
                centre=period.centre,
                limits=None if period.upper is None else (period.lower, period.upper),
                meaning=analysis.meaning_of(i),
                on_text=day_text(point.on),
                on_iso=point.on.isoformat(),
                centre_text=texts[period][0],
                limits_text=texts[period][1],
            )
        )
    for signal in analysis.signals:
        for i in signal.indexes:
            rows[i].signals.append(signal_words(signal, analysis, rows))
    bounds = _bounds(analysis)
    counts: dict[str, int] = {}
    for signal in analysis.signals:
        counts[signal.meaning] = counts.get(signal.meaning, 0) + 1
    return Chart(
        measure_id=measure.pk,
        title=f"{measure.label}{f' ({measure.unit})' if measure.unit else ''}",
        summary=summary(measure.label, measure.unit, analysis, rows),
        verdict=analysis.verdict,
        kind=analysis.kind,
        kind_name="SPC chart (XmR)" if analysis.kind == "xmr" else "Run chart",
        unit=measure.unit,
        rows=rows,
        wide=draw(rows, analysis, SMALL if small else WIDE, bounds),
        narrow=draw(rows, analysis, SMALL if small else NARROW, bounds),
        signal_counts=counts,
        centre_name=SIDE_WORDS[analysis.kind],
        analysis=analysis,
    )


def share_axes(charts: list[Chart]) -> None:
    """Redraws small charts of one unit on the same vertical axis, so they compare at a glance."""
    by_unit: dict[str, list[Chart]] = {}
    for chart in charts:
        by_unit.setdefault(chart.unit.strip().lower(), []).append(chart)
    for same in by_unit.values():
        if len(same) < 2:
            continue
        each = [_bounds(chart.analysis) for chart in same]
        bounds = (min(low for low, _ in each), max(high for _, high in each))
        for chart in same:
            chart.wide = chart.narrow = draw(chart.rows, chart.analysis, SMALL, bounds)
            chart.shared_axis = True
