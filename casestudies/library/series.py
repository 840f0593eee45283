"""Reading a measure's series from what an author typed, pasted or uploaded, and saving it.

Rows come from the form's rows or from CSV (date, value, and an optional note). Every bad row is
reported on its own, by its row number, and nothing is saved until every row reads.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from casestudies.library import spc
from casestudies.library.models import CaseStudy, Evidence, MeasurePoint, OutcomeMeasure
from casestudies.library.search import library_changed

MAX_POINTS = 520  # ten years of weekly points
MAX_UPLOAD_BYTES = 200_000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")
MONTH_FORMATS = ("%Y-%m", "%m/%Y", "%B %Y", "%b %Y")
DATE_HINT = "Use a date like 2026-03-31 or 31/03/2026, or a month like March 2026."


@dataclass(frozen=True)
class Point:
    on: date
    value: Decimal
    note: str = ""


def read_date(text: str) -> date | None:
    text = " ".join(text.strip().split())
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    for pattern in MONTH_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def read_value(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s,%£]", "", text).replace("−", "-")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("1e10") else None


def read_rows(rows: list[tuple[int, str, str, str]]) -> tuple[list[Point], list[str]]:
    """Points from (row number, date, value, note) in date order, and a message for each bad row."""
    points: list[Point] = []
    errors: list[str] = []
    seen: dict[date, int] = {}
    for number, date_text, value_text, note in rows:
        if not date_text.strip() and not value_text.strip() and not note.strip():
            continue
        on = read_date(date_text)
        if on is None:
            shown = date_text.strip()
            errors.append(
                f"Row {number}: “{shown}” is not a date we can read. {DATE_HINT}"
                if shown
                else f"Row {number}: the date is empty."
            )
        if not value_text.strip():
            errors.append(f"Row {number}: the value is empty.")
            continue
        value = read_value(value_text)
        if value is None:
            errors.append(f"Row {number}: “{value_text.strip()}” is not a number.")
            continue
        if on is None:
            continue
        if on in seen:
            errors.append(f"Row {number}: {on:%Y-%m-%d} is already on row {seen[on]}. Give each date once.")
            continue
        seen[on] = number
        points.append(Point(on, value, note.strip()[:200]))
    if len(points) > MAX_POINTS:
        errors.append(f"There are {len(points)} points: the most a series can hold is {MAX_POINTS}.")
    if not errors and 0 < len(points) < spc.MIN_POINTS:
        errors.append(
            f"There {'is' if len(points) == 1 else 'are'} {len(points)} point{'' if len(points) == 1 else 's'}: "
            f"a chart needs at least {spc.MIN_POINTS} (and {spc.MIN_XMR_POINTS} for an SPC chart)."
        )
    return sorted(points, key=lambda point: point.on), errors


def read_csv(text: str) -> tuple[list[Point], list[str]]:
    """Points from CSV text: date, value and an optional note a line; a heading line is skipped."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return [], []
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, cells in enumerate(csv.reader(io.StringIO("\n".join(lines)), dialect), start=1):
        cells = [*cells, "", "", ""]
        if number == 1 and read_date(cells[0]) is None and read_value(cells[1]) is None:
            continue  # a heading line: neither a date nor a number
        rows.append((number, cells[0], cells[1], ", ".join(cell for cell in cells[2:] if cell.strip())))
    return read_rows(rows)


def read_upload(upload) -> tuple[str, list[str]]:
    """The text of an uploaded CSV file, or a message saying why it cannot be read."""
    if upload.size > MAX_UPLOAD_BYTES:
        return "", [f"The file is too large: a series file can be up to {MAX_UPLOAD_BYTES // 1000} KB."]
    raw = upload.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding), []
        except UnicodeDecodeError:
            continue
    return "", ["The file is not a text CSV file. Save it from your spreadsheet as CSV and upload that."]


def change_error(points: list[Point], change_from: date | None) -> str:
    if change_from is None or not points:
        return ""
    if not points[0].on < change_from <= points[-1].on:
        return (
            f"The date the change began must be after the first point ({points[0].on:%d/%m/%Y}) "
            f"and no later than the last ({points[-1].on:%d/%m/%Y})."
        )
    return ""


@transaction.atomic
def series_replace(*, measure: OutcomeMeasure, points: list[Point], change_from: date | None, better: str) -> None:
    """Replaces the measure's series (none when `points` is empty), its change point and better direction."""
    OutcomeMeasure.objects.filter(pk=measure.pk).update(change_from=change_from if points else None, better=better)
    measure.change_from, measure.better = (change_from if points else None), better
    MeasurePoint.objects.filter(measure=measure).delete()
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure=measure, on=point.on, value=point.value, note=point.note) for point in points
    )
    evidence_refresh(case_study_ids=[measure.case_study_id])


def evidence_of(measures: list[OutcomeMeasure]) -> str:
    """What the measures (with their points prefetched) show: the best kind of evidence among them."""
    if not measures:
        return ""
    verdicts = [
        spc.analyse([p.value for p in points], change_at=change_index(points, m.change_from), better=m.better).verdict
        for m in measures
        if len(points := list(m.points.all())) >= spc.MIN_POINTS
    ]
    if spc.SUSTAINED_IMPROVEMENT in verdicts:
        return Evidence.SUSTAINED
    return Evidence.SERIES if verdicts else Evidence.BEFORE_AFTER


def change_index(points: list[MeasurePoint], change_from: date | None) -> int | None:
    if change_from is None:
        return None
    return next((i for i, point in enumerate(points) if point.on >= change_from), None)


def evidence_refresh(*, case_study_ids: list[int]) -> None:
    """Stores each case study's evidence (the library's facet), and retires the library's cached
    counts when a published one's has changed."""
    measures: dict[int, list[OutcomeMeasure]] = {pk: [] for pk in case_study_ids}
    for measure in OutcomeMeasure.objects.filter(case_study_id__in=case_study_ids).prefetch_related("points"):
        measures[measure.case_study_id].append(measure)
    changed = [
        pk
        for pk, found in measures.items()
        if CaseStudy.objects.filter(pk=pk).exclude(evidence=(e := evidence_of(found))).update(evidence=e)
    ]
    if changed and CaseStudy.objects.filter(pk__in=changed).published().exists():
        library_changed()
