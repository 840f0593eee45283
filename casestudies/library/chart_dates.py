"""The dates under a chart's x axis (casestudies.library.charts): which points they label, and how
each reads, so that no two overlap at any number of points or width of drawing.

The first label starts at the axis and the last ends there, so the ends need more room than the
labels between: labels are fitted by their estimated extents, not by a fixed number of points
between them.
"""

import itertools
from collections.abc import Callable
from datetime import date

from django.utils.dateformat import format as format_date

# A label's width is estimated at 0.6 em a character: a little wider than the digits and letters of
# the site's fonts, so labels laid out by it never touch. Half an em keeps two apart.
LABEL_EM = 0.6
LABEL_GAP_EM = 0.5


def date_text(on: date, monthly: bool, short: bool = False) -> str:
    if monthly:
        return format_date(on, "M Y")
    return format_date(on, "j M" if short else "j M Y")


def x_labels(dates: list[date], x: Callable[[float], float], most: int, size: int, *, years: bool) -> list[dict]:
    """The first and the last date, and as many evenly spaced between them as fit (up to `most`
    in all) with no two overlapping at font size `size`. With `years`, the year is given on the
    first and last labels and wherever it changes; otherwise only monthly dates carry it."""
    n = len(dates)
    monthly = n > 1 and (dates[-1] - dates[0]).days / (n - 1) >= 27
    for count in range(min(most, n), 1, -1):
        labels = _labels_at(_evenly(n, count), dates, x, monthly, years)
        if _apart(labels, size):
            return labels
    return _labels_at([0], dates, x, monthly, years) if n else []


def _evenly(n: int, count: int) -> list[int]:
    """count indexes of n points, the first and the last among them, as evenly spaced as they go."""
    return sorted({round(j * (n - 1) / (count - 1)) for j in range(count)})


def _labels_at(
    indexes: list[int], dates: list[date], x: Callable[[float], float], monthly: bool, years: bool
) -> list[dict]:
    last = len(dates) - 1
    labels = []
    for before, i in zip([None, *indexes], indexes, strict=False):
        year_shown = years and (before is None or i == last or dates[before].year != dates[i].year)
        anchor = "start" if i == 0 else "end" if i == last else "middle"
        labels.append({"x": x(i), "text": date_text(dates[i], monthly, short=not year_shown), "anchor": anchor})
    return labels


def _apart(labels: list[dict], size: int) -> bool:
    """Whether each label ends, by its estimated width, at least a gap before the next begins."""
    edges = []
    for label in labels:
        width = len(label["text"]) * size * LABEL_EM
        left = {"start": label["x"], "middle": label["x"] - width / 2, "end": label["x"] - width}[label["anchor"]]
        edges.append((left, left + width))
    return all(after[0] - before[1] >= size * LABEL_GAP_EM for before, after in itertools.pairwise(edges))
