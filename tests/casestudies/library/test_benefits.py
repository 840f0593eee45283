"""The benefit lens of outcome measures: the list's facet and counts, the detail page's groups, the form's question."""

import pytest
from django.urls import reverse

from casestudies.library.models import Benefit, CaseStudy, Status
from tests.casestudies.factories import CaseStudyFactory, OutcomeMeasureFactory, TopicFactory
from tests.casestudies.review_helpers import editor_data
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:list")


def benefit_counts(response) -> dict[str, int]:
    facet = next(f for f in response.context["facets"] if f.facet.parameter == "benefit")
    return {value.slug: value.count for value in facet.values}


def slugs(response) -> set[str]:
    return {case_study.slug for case_study in response.context["page"].object_list}


@pytest.fixture
def library():
    flow = TopicFactory(name="Patient flow")
    both = CaseStudyFactory(slug="patients-and-staff", topics=[flow])
    OutcomeMeasureFactory(case_study=both, benefit=Benefit.POPULATION)
    OutcomeMeasureFactory(case_study=both, benefit=Benefit.POPULATION, label="Falls")
    OutcomeMeasureFactory(case_study=both, benefit=Benefit.STAFF)
    OutcomeMeasureFactory(case_study=CaseStudyFactory(slug="cost"), benefit=Benefit.ORGANISATION)
    draft = CaseStudyFactory(slug="draft-system", status=Status.DRAFT, topics=[flow])
    OutcomeMeasureFactory(case_study=draft, benefit=Benefit.SYSTEM)


def test_the_list_counts_case_studies_by_benefit_once_each_and_never_drafts(client, library):
    response = client.get(LIST)

    assert benefit_counts(response) == {"population": 1, "staff": 1, "organisation": 1}


def test_filtering_by_benefit_keeps_the_case_studies_with_a_measure_of_that_lens(client, library):
    response = client.get(LIST, {"benefit": "staff"})

    assert slugs(response) == {"patients-and-staff"}
    assert benefit_counts(response)["organisation"] == 1  # choosing it as well would add one (OR within a facet)
    assert slugs(client.get(LIST, {"benefit": ["staff", "organisation"]})) == {"patients-and-staff", "cost"}


def test_benefit_combines_with_other_facets(client, library):
    response = client.get(LIST, {"benefit": "organisation", "topic": "patient-flow"})

    assert response.status_code == 200
    assert slugs(response) == set()


def test_an_unknown_benefit_is_ignored_with_a_notice(client, library):
    response = client.get(LIST, {"benefit": "<script>"})

    assert response.status_code == 200
    assert slugs(response) == {"patients-and-staff", "cost"}
    assert any("no benefit called" in notice for notice in response.context["notices"])


def test_the_detail_page_groups_outcomes_by_lens_in_the_lenses_order(client):
    case_study = CaseStudyFactory()
    OutcomeMeasureFactory(case_study=case_study, label="Agency spend", benefit=Benefit.ORGANISATION, position=0)
    OutcomeMeasureFactory(case_study=case_study, label="Staff turnover", benefit=Benefit.STAFF, position=1)
    OutcomeMeasureFactory(case_study=case_study, label="Falls", benefit=Benefit.POPULATION, position=2)

    html = client.get(case_study.get_absolute_url()).content.decode()

    headings = ["Benefits to population and patients", "Benefits to staff", "Benefits to organisation"]
    assert [html.index(heading) for heading in headings] == sorted(html.index(heading) for heading in headings)
    assert html.index("Benefits to staff") < html.index("Staff turnover") < html.index("Benefits to organisation")
    assert "Benefits to system" not in html


def with_one_outcome(benefit: str, **fields) -> dict:
    """The submission form's data for "Fewer agency shifts" with one outcome measure seen through `benefit`."""
    return editor_data(title="Fewer agency shifts") | {
        "outcomes-TOTAL_FORMS": "1",
        "outcomes-INITIAL_FORMS": "0",
        "outcomes-0-label": "Agency spend",
        "outcomes-0-before": "6",
        "outcomes-0-after": "4",
        "outcomes-0-benefit": benefit,
        **fields,
    }


def test_the_submission_form_asks_the_lens_of_each_measure_and_saves_it(client):
    member = UserFactory()
    client.force_login(member)
    data = with_one_outcome("organisation", **{"outcomes-0-unit": "£ million"})
    assert (
        'name="outcomes-0-benefit"' in client.get(reverse("casestudies:new"), {"layout": "one-page"}).content.decode()
    )

    response = client.post(reverse("casestudies:new"), data)

    assert response.status_code == 302
    case_study = CaseStudy.objects.get(title="Fewer agency shifts")
    assert [o.benefit for o in case_study.outcomes.all()] == [Benefit.ORGANISATION]


def test_a_lens_that_is_not_one_of_the_four_is_refused_with_a_message(client):
    client.force_login(UserFactory())
    data = with_one_outcome("shareholders")

    response = client.post(reverse("casestudies:new"), data)

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not CaseStudy.objects.filter(title="Fewer agency shifts").exists()
