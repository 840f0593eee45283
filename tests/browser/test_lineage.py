"""The lineage page in a real browser: reached from the case study, read without JavaScript, and
accessible with a real tree and results to compare (the a11y scan of every page sees an empty one)."""

import pytest
from playwright.sync_api import expect

from casestudies.library.models import Status
from tests.browser.axe import assert_accessible
from tests.casestudies.factories import AdaptationFactory, CaseStudyFactory, OutcomeMeasureFactory

pytestmark = pytest.mark.browser


def three_level_chain():
    original = CaseStudyFactory(title="Huddles in Bradford")
    leeds = CaseStudyFactory(title="Huddles in Leeds")
    york = CaseStudyFactory(title="Huddles in York")
    AdaptationFactory(case_study=original, adapted_as=leeds, organisation="Leeds Teaching Hospitals", status="done")
    AdaptationFactory(case_study=leeds, adapted_as=york, organisation="York and Scarborough", status="testing")
    draft = CaseStudyFactory(title="Huddles in Hull, a draft", status=Status.DRAFT)
    AdaptationFactory(case_study=leeds, adapted_as=draft, organisation="Hull University Teaching")
    OutcomeMeasureFactory(case_study=original, label="Process lead time", before=21, after=8, unit="days")
    OutcomeMeasureFactory(case_study=leeds, label="Process lead time", before=30, after=15, unit="days")
    return original, leeds, york


def test_a_reader_follows_the_chain_from_a_case_study_without_javascript(page_without_js, live):
    _original, leeds, _york = three_level_chain()
    page_without_js.goto(live(leeds.get_absolute_url()))

    page_without_js.get_by_role("link", name="See the whole chain and compare results").click()

    chain = page_without_js.get_by_role("region", name="The chain, from the original")
    expect(chain.get_by_role("link", name="Huddles in Bradford", exact=True)).to_be_visible()
    adapted = chain.get_by_role("list", name="Adapted from Huddles in Bradford")
    expect(adapted.get_by_role("link", name="Huddles in Leeds", exact=True)).to_have_attribute("aria-current", "true")
    expect(adapted.get_by_role("list", name="Adapted from Huddles in Leeds").get_by_role("heading")).to_have_text(
        "Huddles in York"
    )
    expect(chain).to_contain_text("Hull University Teaching (testing)")
    expect(page_without_js.get_by_text("Huddles in Hull")).to_have_count(0)
    results = page_without_js.get_by_role("table", name="Key results across the chain")
    expect(results.get_by_role("row")).to_have_count(3)


def test_the_lineage_page_with_a_tree_and_results_is_accessible(page, live):
    original, _leeds, _york = three_level_chain()
    page.goto(live(f"/case-studies/{original.slug}/spread/"))

    expect(page.get_by_role("heading", name="Results side by side")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert_accessible(page)
    assert page.console_errors == []
