import pytest

from casestudies import demo as library_demo
from casestudies import demo_content
from casestudies.library.models import CaseStudy, Collection, Status
from casestudies.spread.models import Adaptation
from members import demo as members_demo

pytestmark = pytest.mark.django_db


def test_the_demo_library_is_realistic_and_seeding_twice_changes_nothing():
    members_demo.seed()
    library_demo.seed()
    library_demo.seed()
    published = CaseStudy.objects.published()
    assert published.count() >= 40
    assert CaseStudy.objects.filter(status=Status.DRAFT).count() == 1
    assert Collection.objects.count() == 2
    assert Collection.objects.featured().get().slug == "improving-productivity"
    assert not published.filter(topics__isnull=True).exists()
    assert not published.filter(search_vector__isnull=True).exists()
    assert published.filter(title__contains="62%").exists()


def test_the_demo_shows_ideas_spreading_with_a_chain_of_three_and_a_most_adapted_order(client):
    members_demo.seed()
    library_demo.seed()
    library_demo.seed()

    adaptations = Adaptation.objects.visible()
    assert adaptations.count() == len(demo_content.ADAPTATIONS)
    # A adapted as B, adapted as C: each link a published case study with outcome measures.
    falls = CaseStudy.objects.get(title="Reducing falls on older people's wards with PDSA cycles")
    first = Adaptation.objects.get(case_study=falls).adapted_as
    second = Adaptation.objects.get(case_study=first).adapted_as
    assert second.title == "Fewer falls in care homes with a daily falls huddle"
    for case_study in (first, second):
        assert case_study.is_published
        assert case_study.outcomes.count() == 2
    assert not Adaptation.objects.filter(adapted_as=falls).exists()
    # No one adapts their own work, and the stored counts agree with the adaptations.
    for adaptation in adaptations:
        assert not adaptation.case_study.authors.filter(member=adaptation.member).exists()
    most = list(CaseStudy.objects.published().adapted().most_adapted_first()[:2])
    assert [(c.title, c.adaptation_count) for c in most] == [
        ("Reducing did-not-attends with text reminders that ask", 3),
        ("Using SPC to manage demand in a GP practice", 2),
    ]
    html = client.get("/").content.decode()
    assert "Most adapted" in html
    assert "Adapted by 3 organisations" in html
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Adapted from" in page
    assert "Millbrook Care Homes Group" in page


def test_the_demo_measures_carry_weekly_and_monthly_series_with_shifts_and_one_without_a_signal(client):
    from casestudies.demo_series import SERIES
    from casestudies.library import charts
    from casestudies.library.models import Evidence, OutcomeMeasure

    members_demo.seed()
    library_demo.seed()
    library_demo.seed()  # seeding again leaves the series as they are

    read = {}
    for spec in SERIES:
        measure = OutcomeMeasure.objects.prefetch_related("points").get(
            case_study__title__startswith=spec.case_study, label=spec.label
        )
        assert measure.points.count() == spec.baseline[2] + spec.after[2]
        read[spec.label] = charts.chart_for(measure)
    assert read["Falls with harm per 1,000 bed days"].verdict == "sustained improvement"
    assert read["Antibiotics within one hour of arrival"].verdict == "sustained improvement"
    assert read["Process lead time"].kind == "xmr"
    assert read["Wait for walk-in prescriptions"].kind == "run"
    assert read["Recovery rate"].verdict == "no signal yet"
    assert CaseStudy.objects.published().filter(evidence=Evidence.SUSTAINED).count() >= 3
    assert CaseStudy.objects.published().filter(evidence=Evidence.SERIES).exists()
    falls = CaseStudy.objects.get(title="Reducing falls on older people's wards with PDSA cycles")
    assert "Results over time" in client.get(falls.get_absolute_url()).content.decode()
