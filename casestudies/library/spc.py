"""Statistics for a measure over time: XmR (individuals) charts, run charts, and their signals.

Written here rather than taken from PyPI: the one kept package, pyqicharts 2.0.0, pulls in numpy,
pandas and matplotlib for arithmetic of a few dozen lines, and sets its longest-run limit with
ceil(log2(n) + 3) where Anhøj's rule (and qicharts2) round. This module depends on nothing.

XmR chart (Wheeler, Understanding Variation, 2nd ed., appendix "XmR charts using the average
moving range"): centre line the mean; natural process limits mean ± 2.66 × the average moving
range (2.66 = 3 / d2, d2 = 1.128 for ranges of two). When the authors mark where the change
began, the mean and limits are worked out again from that point; a period too short for limits of
its own (fewer than MIN_PERIOD_POINTS) is read against the limits before it, extended.

Signals (NHS England, Making Data Count: "Making Data Count: Strengthening your decisions", the
SPC rules): a point beyond a process limit; a shift of SHIFT_LENGTH (7) or more points in a row
on one side of the mean; a trend of TREND_LENGTH (6) or more points in a row each rising or each
falling; two out of three points in a row beyond two sigma, on the same side. Each rule is read
within one period against that period's lines. A point exactly on the mean neither counts towards
nor breaks a shift (as points on the median in Anhøj's rules); equal neighbours break a trend.

Run chart (Anhøj & Olesen, "Run charts revisited: a simulation study of run chart rules for
detection of non-random variation in health care processes", PLOS ONE 2014; 9(11): e113825):
centre line the median (of the baseline when a change point is marked); points on the median
are ignored; with n useful points, non-random variation when the longest run on one side is
longer than round(log2(n) + 3), or when the line is crossed fewer times than the lower 5th
percentile of Binomial(n - 1, 0.5) (the critical values tabulated in that paper's appendix).
"""

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

XMR_CONSTANT = 2.66
SHIFT_LENGTH = 7
TREND_LENGTH = 6
# Fewer points than this draw no chart: the Anhøj tables start at 10 useful observations.
MIN_POINTS = 10
# From this many points an XmR chart; below it a run chart, which needs no estimate of spread.
MIN_XMR_POINTS = 15
# Limits of a period's own need this many points (Wheeler: useful limits from five or six values).
MIN_PERIOD_POINTS = 6

HIGHER, LOWER = "higher", "lower"
UP, DOWN = "up", "down"
IMPROVEMENT, CONCERN, NEUTRAL = "improvement", "concern", "neutral"

SUSTAINED_IMPROVEMENT = "sustained improvement"
SUSTAINED_CONCERN = "sustained deterioration"
SUSTAINED_CHANGE = "sustained change"
NOT_SUSTAINED = "signals, not yet sustained"
NO_SIGNAL = "no signal yet"
TOO_FEW = "too few points for a chart"


@dataclass(frozen=True)
class Period:
    """Points [start, end) read against one set of lines."""

    start: int
    end: int
    centre: float
    upper: float | None = None  # natural process limits (XmR only)
    lower: float | None = None
    recalculated: bool = True  # False: the lines of the period before, extended

    @property
    def sigma(self) -> float | None:
        return None if self.upper is None else (self.upper - self.centre) / 3

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Signal:
    rule: str  # beyond_limit, shift, baseline_shift, trend, two_of_three, long_run, few_crossings
    indexes: tuple[int, ...]
    side: str  # UP, DOWN, or "" (few crossings says nothing of direction)
    meaning: str  # IMPROVEMENT, CONCERN or NEUTRAL


@dataclass
class Analysis:
    kind: str  # "xmr", "run" or "" (too few points)
    values: list[float]
    periods: list[Period] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    verdict: str = TOO_FEW
    sustained_from: int | None = None  # the first point of the sustained run, when there is one
    longest_run: int | None = None  # run charts: the Anhøj quantities and their limits
    longest_run_limit: int | None = None
    crossings: int | None = None
    crossings_limit: int | None = None

    def meaning_of(self, index: int) -> str:
        """How the point reads: the gravest signal it is part of ("" for common cause)."""
        meanings = {signal.meaning for signal in self.signals if index in signal.indexes}
        for meaning in (CONCERN, IMPROVEMENT, NEUTRAL):
            if meaning in meanings:
                return meaning
        return ""

    def period_of(self, index: int) -> Period:
        return next(period for period in self.periods if period.start <= index < period.end)


def meaning(side: str, better: str) -> str:
    if not side or better not in (HIGHER, LOWER):
        return NEUTRAL
    return IMPROVEMENT if (side == UP) == (better == HIGHER) else CONCERN


# --- XmR ---------------------------------------------------------------------------------------


def moving_ranges(values: Sequence[float]) -> list[float]:
    return [abs(b - a) for a, b in itertools.pairwise(values)]


def xmr_period(values: Sequence[float], start: int, end: int) -> Period:
    """The mean and natural process limits of values[start:end] (at least two of them)."""
    part = values[start:end]
    centre = statistics.fmean(part)
    spread = XMR_CONSTANT * statistics.fmean(moving_ranges(part))
    return Period(start, end, centre, centre + spread, centre - spread)


def _split(n: int, change_at: int | None) -> list[tuple[int, int]]:
    # A baseline too short for limits of its own is no baseline: the series is read as one period.
    if change_at is None or change_at < MIN_PERIOD_POINTS or change_at >= n:
        return [(0, n)]
    return [(0, change_at), (change_at, n)]


def xmr_periods(values: Sequence[float], change_at: int | None = None) -> list[Period]:
    periods: list[Period] = []
    for start, end in _split(len(values), change_at):
        if periods and end - start < MIN_PERIOD_POINTS:
            before = periods[-1]
            periods.append(Period(start, end, before.centre, before.upper, before.lower, recalculated=False))
        else:
            periods.append(xmr_period(values, start, end))
    return periods


def _runs_of(flags: list[tuple[int, str]], length: int) -> list[tuple[tuple[int, ...], str]]:
    """Maximal runs of at least `length` equal sides, from (index, side) pairs ("" skipped)."""
    found, run, side = [], [], ""
    for index, this in [*flags, (-1, "end")]:
        if this == "":
            continue
        if this != side:
            if len(run) >= length and side != "end":
                found.append((tuple(run), side))
            run, side = [], this
        run.append(index)
    return found


def _sides(values: Sequence[float], centre: float, start: int, end: int) -> list[tuple[int, str]]:
    return [(i, UP if values[i] > centre else DOWN if values[i] < centre else "") for i in range(start, end)]


def shifts(values: Sequence[float], period: Period, length: int = SHIFT_LENGTH) -> list[tuple[tuple[int, ...], str]]:
    return _runs_of(_sides(values, period.centre, period.start, period.end), length)


def trends(values: Sequence[float], period: Period, length: int = TREND_LENGTH) -> list[tuple[tuple[int, ...], str]]:
    """Runs of `length` or more points, each higher (or each lower) than the one before it."""
    found: list[tuple[tuple[int, ...], str]] = []
    run, side = [period.start], ""
    for i in range(period.start + 1, period.end):
        step = UP if values[i] > values[i - 1] else DOWN if values[i] < values[i - 1] else ""
        if step and step == side:
            run.append(i)
            continue
        if len(run) >= length and side:
            found.append((tuple(run), side))
        run, side = ([i - 1, i] if step else [i]), step
    if len(run) >= length and side:
        found.append((tuple(run), side))
    return found


def beyond_limits(values: Sequence[float], period: Period) -> list[tuple[int, str]]:
    if period.upper is None or period.lower is None:
        return []
    return [
        (i, UP if values[i] > period.upper else DOWN)
        for i in range(period.start, period.end)
        if values[i] > period.upper or values[i] < period.lower
    ]


def two_of_three(values: Sequence[float], period: Period) -> list[tuple[tuple[int, ...], str]]:
    """Two (or three) of three points in a row beyond two sigma on the same side; the points beyond."""
    sigma = period.sigma
    if not sigma:
        return []
    found: dict[str, set[int]] = {UP: set(), DOWN: set()}
    for first in range(period.start, period.end - 2):
        window = range(first, first + 3)
        for side, beyond in (
            (UP, [i for i in window if values[i] > period.centre + 2 * sigma]),
            (DOWN, [i for i in window if values[i] < period.centre - 2 * sigma]),
        ):
            if len(beyond) >= 2:
                found[side].update(beyond)
    return [(tuple(sorted(indexes)), side) for side, indexes in found.items() if indexes]


def xmr_signals(values: Sequence[float], periods: list[Period], better: str) -> list[Signal]:
    signals = []
    for period in periods:
        signals += [
            Signal("beyond_limit", (i,), side, meaning(side, better)) for i, side in beyond_limits(values, period)
        ]
        for rule, finder in (("shift", shifts), ("trend", trends), ("two_of_three", two_of_three)):
            signals += [Signal(rule, run, side, meaning(side, better)) for run, side in finder(values, period)]
    return signals


# --- Run charts (Anhøj rules) ----------------------------------------------------------------------


def longest_run_limit(useful: int) -> int:
    """A run longer than this is a signal (Anhøj & Olesen 2014): round(log2(n) + 3), halves up."""
    return math.floor(math.log2(useful) + 3 + 0.5)


def crossings_limit(useful: int) -> int:
    """Fewer crossings than this is a signal: the lower 5th percentile of Binomial(n - 1, 1/2)."""
    trials = useful - 1
    if trials < 1:
        return 0
    total, cumulative = 2**trials, 0
    for crossings in range(trials + 1):
        cumulative += math.comb(trials, crossings)
        if cumulative / total >= 0.05:
            return crossings
    return trials


def run_chart(values: Sequence[float], centre: float) -> tuple[int, int, str, tuple[int, ...]]:
    """(useful points, crossings, side of the longest run, indexes of the longest run) about `centre`."""
    sides = [(i, side) for i, side in _sides(values, centre, 0, len(values)) if side]
    crossings = sum(1 for (_, a), (_, b) in itertools.pairwise(sides) if a != b)
    longest: tuple[tuple[int, ...], str] = ((), "")
    for run, side in _runs_of(sides, 1):
        if len(run) > len(longest[0]):
            longest = (run, side)
    return len(sides), crossings, longest[1], longest[0]


# --- The whole reading -------------------------------------------------------------------------


def _sustained_from(values: Sequence[float], centre: float, better: str) -> tuple[int | None, str]:
    """The start of the run on one side of `centre` that reaches the last point, if it is a shift."""
    sides = [side for _, side in _sides(values, centre, 0, len(values))]
    last = next((side for side in reversed(sides) if side), "")
    if not last:
        return None, ""
    count, start = 0, None
    for i in range(len(sides) - 1, -1, -1):
        if sides[i] == last:
            count, start = count + 1, i
        elif sides[i]:
            break
    return (start, last) if count >= SHIFT_LENGTH else (None, "")


def _verdict(analysis: Analysis, baseline_centre: float, better: str) -> None:
    start, side = _sustained_from(analysis.values, baseline_centre, better)
    # On a run chart the run that reaches the latest point must itself be the unusually long one.
    long_run_to_end = any(s.rule == "long_run" and start in s.indexes for s in analysis.signals)
    if start is not None and (analysis.kind == "xmr" or long_run_to_end):
        analysis.sustained_from = start
        if analysis.kind == "xmr" and len(analysis.periods) > 1:
            # Read against the baseline, the points after the change are the shift a QI lead marks,
            # though the recalculated lines around them show no signal of their own.
            run = tuple(range(start, len(analysis.values)))
            analysis.signals.append(Signal("baseline_shift", run, side, meaning(side, better)))
        analysis.verdict = {IMPROVEMENT: SUSTAINED_IMPROVEMENT, CONCERN: SUSTAINED_CONCERN}.get(
            meaning(side, better), SUSTAINED_CHANGE
        )
    elif analysis.signals:
        analysis.verdict = NOT_SUSTAINED
    else:
        analysis.verdict = NO_SIGNAL


def analyse(values: Sequence[float], *, change_at: int | None = None, better: str = "") -> Analysis:
    """Reads a series: its chart (XmR from MIN_XMR_POINTS, a run chart from MIN_POINTS), signals and verdict.

    `change_at` is the index of the first point after the change began; `better` is "higher",
    "lower" or "". The verdict is "sustained" when the points from some point to the last are all
    on one side of the baseline's centre line and are at least a shift long (SHIFT_LENGTH).
    """
    values = [float(value) for value in values]
    n = len(values)
    if n < MIN_POINTS:
        return Analysis("", values)
    if n >= MIN_XMR_POINTS:
        periods = xmr_periods(values, change_at)
        analysis = Analysis("xmr", values, periods, xmr_signals(values, periods, better))
        _verdict(analysis, periods[0].centre, better)
        return analysis
    spans = _split(n, change_at)
    baseline_end = spans[0][1] if spans[0][1] >= MIN_PERIOD_POINTS else n
    centre = statistics.median(values[:baseline_end])
    analysis = Analysis("run", values, [Period(0, n, centre)])
    useful, crossings, side, run = run_chart(values, centre)
    analysis.crossings, analysis.longest_run = crossings, len(run)
    if useful:
        analysis.longest_run_limit, analysis.crossings_limit = longest_run_limit(useful), crossings_limit(useful)
        if len(run) > analysis.longest_run_limit:
            analysis.signals.append(Signal("long_run", run, side, meaning(side, better)))
        if crossings < analysis.crossings_limit:
            analysis.signals.append(Signal("few_crossings", (), "", NEUTRAL))
    _verdict(analysis, centre, better)
    return analysis
