"""A case study's chart of 100 points in markup: everything a reader is given (the drawing of each
width, its name and summary, and every point in the data table), in few bytes, as members get
the page uncompressed (core/compression.py)."""

import re
from datetime import date, timedelta

import pytest

from casestudies.library.models import MeasurePoint
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory

pytestmark = pytest.mark.django_db

POINTS = 100


@pytest.fixture
def charted():
    case_study = CaseStudyFactory(title="Fewer falls on ward 7")
    falls = OutcomeMeasureFactory(
        case_study=case_study, label="Falls a week", unit="falls", better="lower", change_from=date(2026, 2, 16)
    )
    values = [9 + (week * 7) % 5 for week in range(POINTS // 2)] + [4 + (week * 3) % 3 for week in range(POINTS // 2)]
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure=falls, on=date(2025, 3, 3) + timedelta(weeks=week), value=value,
                     note="Safety huddle started" if week == POINTS // 2 else "")
        for week, value in enumerate(values)
    )  # fmt: skip
    return case_study


def _figure(client, case_study) -> str:
    html = client.get(case_study.get_absolute_url()).content.decode()
    return html[html.index("<figure") : html.index("</figure>")]


def test_a_hundred_point_chart_is_drawn_twice_and_tabled_in_under_40_kb(member_client, charted):
    figure = _figure(member_client, charted)

    assert len(figure.encode()) < 40_000
    for width in ("wide", "narrow"):
        drawing = re.search(rf'<svg class="[^"]*--{width}".*?</svg>', figure, re.S).group(0)
        points = drawing[drawing.index('class="portal-chart__points"') :]
        assert len(re.findall(r"<(?:circle|rect|polygon|path)\b", points)) == POINTS
        assert 'role="img"' in drawing
        assert "<title" in drawing
        assert "<desc" in drawing
        assert "portal-chart__point--improvement" in points  # the sustained shift is marked by shape


def test_the_data_table_gives_every_point_its_date_value_centre_limits_signal_and_note(member_client, charted):
    figure = _figure(member_client, charted)
    table = figure[figure.index("<table") : figure.index("</table>")]

    assert "Falls a week (falls): 100 points" in table
    assert len(re.findall(r'<th [^>]*scope="col"', table)) == 6
    rows = re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody") :], re.S)
    assert len(rows) == POINTS
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td\b[^>]*>(.*?)</td>", rows[POINTS // 2], re.S)
    ]
    assert cells[0] == "16 Feb 2026"
    assert cells[1] == "4 falls"
    assert re.fullmatch(r"[\d.]+", cells[2])
    assert re.fullmatch(r"[\d.]+ to [\d.]+", cells[3])
    assert cells[4].startswith("Shift")
    assert cells[5] == "Safety huddle started"
    assert '<time datetime="2026-02-16">' in rows[POINTS // 2]
    assert re.findall(r"<td\b[^>]*>(.*?)</td>", rows[0], re.S)[4] == "None"


def test_a_note_and_a_unit_are_escaped_in_the_table(member_client):
    case_study = CaseStudyFactory(title="Escaped")
    measure = OutcomeMeasureFactory(case_study=case_study, label="Waits", unit="<b>mins</b>")
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure=measure, on=date(2026, 1, 5) + timedelta(weeks=week), value=10 + week % 3,
                     note='<script>alert("x")</script>' if week == 3 else "")
        for week in range(20)
    )  # fmt: skip

    table = _figure(member_client, case_study).split("<tbody", 1)[1]

    assert "<script>" not in table
    assert "<b>" not in table
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in table
    assert "10 &lt;b&gt;mins&lt;/b&gt;" in table
