"""Measures over time: one published case study in SERIES_EVERY carries, for each of its outcome
measures, a weekly series of SERIES_POINTS points with the change marked halfway, so the detail
page the benchmark loads draws full-size SPC charts (the detail page's addresses are chosen among
these case studies, bench/pages.py).

The values move from the measure's `before` towards its `after` at the change, with noise of about
a tenth of the level; lower is better, as the generator's `after` is always below `before`. The
case studies' evidence (the library's facet) is what casestudies.library.series reads from the same points.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection

from casestudies.library.models import CaseStudy, MeasurePoint, OutcomeMeasure
from casestudies.library.series import evidence_of

from . import Generated
from .bulk import Table

SERIES_EVERY = 20
SERIES_POINTS = 100
CHANGE_AT = SERIES_POINTS // 2


def chosen(case_study_ids: list[int]) -> list[int]:
    return case_study_ids[::SERIES_EVERY]


def values_for(rng: random.Random, before: Decimal, after: Decimal) -> list[Decimal]:
    noise = float(before) / 10
    levels = [float(before)] * CHANGE_AT + [float(after)] * (SERIES_POINTS - CHANGE_AT)
    return [Decimal(f"{max(0.0, level + rng.gauss(0, noise)):.2f}") for level in levels]


def step(sizes, rng: random.Random, generated: Generated) -> None:
    case_study_ids = chosen(generated.case_study_ids)
    starts = dict(CaseStudy.objects.filter(pk__in=case_study_ids).values_list("pk", "started_on"))
    measures = list(OutcomeMeasure.objects.filter(case_study_id__in=case_study_ids).order_by("pk"))
    points = Table(MeasurePoint, ["measure", "on", "value", "note"], batch=50_000)
    for measure in measures:
        first = starts[measure.case_study_id] - timedelta(weeks=CHANGE_AT)
        measure.better = "lower"
        measure.change_from = first + timedelta(weeks=CHANGE_AT)
        for week, value in enumerate(values_for(rng, measure.before, measure.after)):
            note = "new way of working began" if week == CHANGE_AT else ""
            points.add(measure.pk, first + timedelta(weeks=week), value, note)
    generated.counts["measure_points"] = points.close()
    OutcomeMeasure.objects.bulk_update(measures, ["better", "change_from"], batch_size=5000)
    store_evidence(case_study_ids)


def store_evidence(case_study_ids: list[int]) -> None:
    """The evidence facet, read by casestudies.library.series from the stored points, one batch at a time."""
    evidence: dict[str, list[int]] = {}
    for start in range(0, len(case_study_ids), 1000):
        batch = case_study_ids[start : start + 1000]
        found: dict[int, list[OutcomeMeasure]] = {pk: [] for pk in batch}
        for measure in OutcomeMeasure.objects.filter(case_study_id__in=batch).prefetch_related("points"):
            found[measure.case_study_id].append(measure)
        for pk, measures in found.items():
            evidence.setdefault(evidence_of(measures), []).append(pk)
    with connection.cursor() as cursor:
        for kind, ids in evidence.items():
            cursor.execute("UPDATE casestudies_casestudy SET evidence = %s WHERE id = ANY(%s)", [kind, ids])
