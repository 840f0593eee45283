"""An organisation's page, reached from a case study's card: its work, its members, and the
Follow button, with JavaScript (in place) and without (a form)."""

import pytest
from playwright.sync_api import expect

from members.models import Follow, FollowKind
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.casestudies.factories import CaseStudyFactory, OrganisationFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.browser


def test_a_member_goes_from_a_card_to_the_organisation_and_follows_it(any_page, live):
    page = any_page
    leeds = OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust", slug="leeds")
    CaseStudyFactory(title="Discharge before noon", organisations=[leeds])
    UserFactory(name="Priya Shah", organisation=leeds.name)
    member = UserFactory()
    sign_in(page, member)

    page.goto(live("/case-studies/"))
    # The organisation's link sits above the card's own link, which covers the rest of the card.
    page.get_by_role("link", name="Leeds Teaching Hospitals NHS Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leeds Teaching Hospitals NHS Trust")
    expect(page.get_by_role("link", name="Discharge before noon")).to_be_visible()
    expect(page.get_by_role("link", name="Priya Shah")).to_be_visible()
    if page.javascript:
        assert_accessible(page)

    page.get_by_role("button", name="Follow Leeds Teaching Hospitals NHS Trust").click()
    expect(page.get_by_role("button", name="Stop following Leeds Teaching Hospitals NHS Trust")).to_be_visible()
    assert Follow.objects.filter(user=member, kind=FollowKind.ORGANISATION, object_id=leeds.pk).exists()
    assert page.console_errors == []
