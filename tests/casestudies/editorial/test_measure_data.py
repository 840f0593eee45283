"""Authors give a measure's data over time on its own page; readers see the chart it makes."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casestudies.editorial.services.revisions import case_study_revision_start
from casestudies.library.models import MeasurePoint, Status
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)  # a Monday


def weekly_csv(baseline=(8, 9, 7, 8, 10, 9, 8, 9, 7, 8, 9), after=(5, 4, 5, 3, 4, 5, 4, 3, 4, 5, 4, 4, 3)) -> str:
    """24 weekly falls counts: 11 before the change, then 13 from week 12."""
    lines = ["Week beginning,Falls,Note"]
    for week, value in enumerate([*baseline, *after]):
        note = "Safety huddle started" if week == len(baseline) else ""
        lines.append(f"{START + timedelta(weeks=week):%d/%m/%Y},{value},{note}")
    return "\n".join(lines)


@pytest.fixture
def draft(author):
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author, title="Fewer falls on ward 7")
    measure = OutcomeMeasureFactory(case_study=case_study, label="Falls a week", before=8, after=4, unit="falls")
    return case_study, measure


def data_url(case_study, measure) -> str:
    return reverse("casestudies:measure_data", kwargs={"slug": case_study.slug, "pk": measure.pk})


def save(client, case_study, measure, **data):
    body = {"action": "save", "better": "lower", "change_from": "", "pasted": "", "points-TOTAL_FORMS": "0"}
    body.update({"points-INITIAL_FORMS": "0", **data})
    return client.post(data_url(case_study, measure), body)


def test_a_csv_of_24_weekly_points_with_a_change_at_week_12_makes_an_spc_chart_on_the_draft(client, draft):
    case_study, measure = draft
    upload = SimpleUploadedFile("falls.csv", weekly_csv().encode(), content_type="text/csv")

    response = save(client, case_study, measure, upload=upload, change_from="2026-03-23")

    assert response.status_code == 302
    assert MeasurePoint.objects.filter(measure=measure).count() == 24
    measure.refresh_from_db()
    assert (measure.change_from, measure.better) == (date(2026, 3, 23), "lower")
    assert MeasurePoint.objects.get(measure=measure, on=date(2026, 3, 23)).note == "Safety huddle started"
    html = client.get(case_study.get_absolute_url()).content.decode()
    assert "Results over time" in html
    assert "SPC chart (XmR)" in html
    assert (
        "Falls a week: sustained improvement, a shift below the baseline mean from 23 Mar 2026, "
        "sustained for 13 weeks to the latest point." in html
    )
    assert html.count('<svg class="portal-chart__svg') == 2  # wide and narrow
    assert "<details" in html
    assert "23 Mar 2026" in html
    assert "Sustained improvement</strong>" in html  # beside the numbers


def test_each_bad_row_is_reported_and_nothing_is_saved(client, draft):
    case_study, measure = draft
    pasted = "date,value\n2026-01-05,3\n31/02/2026,4\n2026-01-19,\n2026-01-05,5\n2026-01-26,lots"

    response = save(client, case_study, measure, pasted=pasted)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Row 3: “31/02/2026” is not a date we can read." in html
    assert "Row 4: the value is empty." in html
    assert "Row 5: 2026-01-05 is already on row 2. Give each date once." in html
    assert "Row 6: “lots” is not a number." in html
    assert "2026-01-26,lots" in html  # what was pasted is still there
    assert not MeasurePoint.objects.filter(measure=measure).exists()


def test_too_few_points_for_a_chart_are_refused_with_the_number_needed(client, draft):
    case_study, measure = draft
    pasted = "\n".join(f"2026-0{month}-01,{month}" for month in range(1, 6))

    response = save(client, case_study, measure, pasted=pasted)

    assert response.status_code == 400
    assert "There are 5 points: a chart needs at least 10" in response.content.decode()


def test_a_change_date_outside_the_series_is_refused(client, draft):
    case_study, measure = draft
    response = save(client, case_study, measure, pasted=weekly_csv(), change_from="2025-01-01")

    assert response.status_code == 400
    assert "The date the change began must be after the first point" in response.content.decode()
    assert not MeasurePoint.objects.filter(measure=measure).exists()


def test_rows_typed_without_javascript_are_saved_and_more_rows_can_be_added(client, draft):
    case_study, measure = draft
    rows = {"points-TOTAL_FORMS": "12"}
    for i in range(12):
        rows |= {f"points-{i}-on": f"2026-{i + 1:02d}-01", f"points-{i}-value": str(10 + i % 3), f"points-{i}-note": ""}

    more = save(client, case_study, measure, action="more", **rows)
    assert more.status_code == 200
    assert 'name="points-TOTAL_FORMS" value="24"' in more.content.decode()

    assert save(client, case_study, measure, **rows).status_code == 302
    assert list(MeasurePoint.objects.filter(measure=measure).values_list("value", flat=True))[:3] == [10, 11, 12]


def test_another_member_cannot_see_or_change_the_data(client, draft):
    case_study, measure = draft
    client.force_login(UserFactory())

    assert client.get(data_url(case_study, measure)).status_code == 404
    assert save(client, case_study, measure, pasted=weekly_csv()).status_code == 404
    assert not MeasurePoint.objects.filter(measure=measure).exists()


def test_visitors_are_asked_to_sign_in(client, draft):
    client.logout()
    response = client.get(data_url(*draft))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_published_case_study_keeps_its_data(client, author):
    case_study = CaseStudyFactory(author=author)
    measure = OutcomeMeasureFactory(case_study=case_study)

    response = save(client, case_study, measure, pasted=weekly_csv())

    assert response.status_code == 302
    assert not MeasurePoint.objects.filter(measure=measure).exists()
    assert "cannot change here" in client.get(data_url(case_study, measure)).content.decode()


def test_the_edit_page_and_the_draft_lead_to_each_measure_s_data_page(client, draft):
    case_study, measure = draft
    url = data_url(case_study, measure)
    assert url in client.get(reverse("casestudies:edit", kwargs={"slug": case_study.slug})).content.decode()
    assert url in client.get(case_study.get_absolute_url()).content.decode()


def test_the_detail_page_with_a_100_point_chart_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    case_study = CaseStudyFactory()
    for n in range(3):
        measure = OutcomeMeasureFactory(case_study=case_study, position=n, better="lower")
        MeasurePoint.objects.bulk_create(
            MeasurePoint(measure=measure, on=START + timedelta(weeks=week), value=20 - (week > 50) * 5 + week % 3)
            for week in range(100)
        )

    with django_assert_max_num_queries(24):
        response = client.get(case_study.get_absolute_url())

    html = response.content.decode()
    assert html.count('<svg class="portal-chart__svg') == 6
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # each chart's title and summary can be found by its own id
    for labelled_by in re.findall(r'aria-labelledby="([^"]+)"', html):
        assert all(f' id="{part}"' in html for part in labelled_by.split())


def test_a_revision_starts_with_the_published_series_and_its_change_point(author):
    published = CaseStudyFactory(author=author)
    measure = OutcomeMeasureFactory(case_study=published, better="lower", change_from=START + timedelta(weeks=11))
    MeasurePoint.objects.bulk_create(
        MeasurePoint(measure=measure, on=START + timedelta(weeks=week), value=week, note="n" if week == 3 else "")
        for week in range(24)
    )

    revision = case_study_revision_start(case_study=published, by=author)

    copy = revision.outcomes.get()
    assert (copy.better, copy.change_from) == ("lower", measure.change_from)
    assert list(copy.points.values_list("on", "value", "note")) == list(
        measure.points.values_list("on", "value", "note")
    )
    assert measure.points.count() == 24  # the published one keeps its own
