"""Journey: a member from an organisation the portal has never seen shares their work. They find
"Share your work" from the home page in one click, fill in the steps, preview, send; answer a
curator's request seeing it beside the field; and see it published with their organisation and
role. The curator sees what changed; the featured case study is marked and leads the home page.
Co-authors are found by name; a second tab editing the same draft sees both texts. With
JavaScript and without, and by keyboard alone; axe on every step."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import new_page, sign_in
from tests.browser.keyboard import follow, tab_to
from tests.browser.screens import shoot
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, TopicFactory
from tests.members.factories import UserFactory
from tests.members.mfa import turn_on_totp

pytestmark = pytest.mark.browser

TITLE = "Same-day appointments for frail older people"
ORGANISATION = "Moorside Community Health Partnership"
COLLEAGUE_EMAIL = "colin.colleague@example.org"


def check_accessible(page: Page) -> None:
    # axe runs in the page, so only with JavaScript on; the pages are the same without it.
    if page.context.javascript:  # type: ignore[attr-defined]
        assert_accessible(page)


def save_and_continue(page: Page, heading: str, shots: str) -> None:
    check_accessible(page)
    shoot(page, shots)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def write_it(author: Page, live, tag: str) -> None:
    author.goto(live("/"))
    author.locator("#header-share").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("About the work")
    expect(author.get_by_label("Your role in the work")).to_have_value("Practice manager")
    author.get_by_label("Title", exact=True).fill(TITLE)
    author.get_by_label("Summary").fill("A same-day slot for frail patients cut emergency admissions.")
    author.get_by_label("Patient flow").check()
    author.get_by_label("Primary care").check()
    save_and_continue(author, "The story", f"{tag}-1-about")

    author.get_by_label("The problem and its context").fill("Frail patients waited days and ended up in A&E.")
    author.get_by_label("What you did").fill("We kept two slots a day for them, tested in PDSA cycles.")
    author.get_by_label("Results and impact").fill("Admissions fell.")
    author.get_by_label("Lessons learned").fill("Ask the reception team first.")
    save_and_continue(author, "Results and measures", f"{tag}-2-story")

    author.get_by_label("What was measured").first.fill("Emergency admissions a month")
    author.get_by_label("Before").first.fill("30")
    author.get_by_label("After").first.fill("18")
    save_and_continue(author, "People and organisations", f"{tag}-3-results")

    author.get_by_label("Add an organisation").fill(ORGANISATION)
    add_co_author(author)
    expect(author.get_by_label(ORGANISATION)).to_be_checked()
    save_and_continue(author, "Files and links", f"{tag}-4-people")
    expect(author.get_by_text(ORGANISATION)).to_have_count(0)  # not on this step
    save_and_continue(author, "Check and send", f"{tag}-5-files")
    check_accessible(author)
    shoot(author, f"{tag}-6-check")

    author.get_by_role("link", name="Preview it as readers will see it").click()
    expect(author.get_by_text("This is a preview")).to_be_visible()
    expect(author.get_by_text("Frail patients waited days and ended up in A&E.")).to_be_visible()
    expect(author.get_by_text(ORGANISATION).first).to_be_visible()
    check_accessible(author)
    shoot(author, f"{tag}-7-preview")
    author.get_by_role("link", name="Back to check and send").click()
    author.get_by_role("button", name="Send for review").click()
    expect(author.get_by_text("Submitted for review").first).to_be_visible()


def add_co_author(author: Page) -> None:
    """Finds a colleague by name: offered as you type, or by the Find button without JavaScript."""
    author.get_by_label("Find a member by name").fill("colin coll")
    if not author.context.javascript:  # type: ignore[attr-defined]
        # Enter in the box finds, as the Find members button does.
        author.get_by_label("Find a member by name").press("Enter")
    add = author.get_by_role("button", name="Add Colin Colleague as a co-author")
    expect(add).to_be_visible()
    check_accessible(author)
    shoot(author, f"{'js' if author.context.javascript else 'nojs'}-4-people-found")  # type: ignore[attr-defined]
    assert COLLEAGUE_EMAIL not in author.content()
    add.click()
    expect(author.get_by_text("Colin Colleague is added as a co-author")).to_be_visible()
    expect(author.get_by_role("group", name="2. Colin Colleague")).to_be_visible()
    assert COLLEAGUE_EMAIL not in author.content()


def review(curator: Page, live, *, request: str = "", note: str = "") -> None:
    curator.goto(live("/review/"))
    curator.get_by_role("link", name=TITLE).first.click()
    if request:
        curator.get_by_label("Ask the authors for changes").check()
        curator.get_by_label("Message to the authors").fill(request)
        curator.get_by_text("Notes on particular parts").click()
        curator.get_by_label("Results and impact").fill(note)
    else:
        curator.get_by_label("Publish it").check()
    curator.get_by_role("button", name="Record decision").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_member_from_a_new_organisation_shares_their_work_through_to_a_featured_case_study(
    browser: Browser, live, javascript
):
    TopicFactory(name="Patient flow", slug="patient-flow")
    CareSettingFactory(name="Primary care", slug="primary-care")
    member = UserFactory(name="Priya Shah", job_title="Practice manager", organisation="")
    UserFactory(name="Colin Colleague", email=COLLEAGUE_EMAIL)
    curator = UserFactory(name="Cora Curator", is_staff=True)
    turn_on_totp(curator)
    author, reviewer, visitor = (new_page(browser, javascript=javascript) for _ in range(3))
    for page in (author, reviewer, visitor):
        page.context.javascript = javascript  # type: ignore[attr-defined]
    sign_in(author, member)
    sign_in(reviewer, curator)
    tag = "js" if javascript else "nojs"

    write_it(author, live, tag)

    review(reviewer, live, request="Nearly there.", note="Give the admissions per month before and after.")

    author.goto(live("/me/case-studies/"))
    author.get_by_role("link", name=TITLE).click()
    expect(author.get_by_text("Cora Curator asked for changes")).to_be_visible()
    author.get_by_role("button", name="2. The story").click()
    expect(author.get_by_text("Give the admissions per month before and after.")).to_be_visible()
    check_accessible(author)
    shoot(author, f"{tag}-8-request-beside-field")
    author.get_by_label("Results and impact").fill("Admissions fell from 30 to 18 a month.")
    author.get_by_role("button", name="6. Check and send").click()
    author.get_by_role("button", name="Send for review").click()
    expect(author.get_by_text("Submitted for review").first).to_be_visible()

    reviewer.goto(live("/review/"))
    reviewer.get_by_role("link", name=TITLE).first.click()
    changes = reviewer.locator(".portal-changes")
    expect(changes).to_contain_text("What changed since Cora Curator asked for changes")
    expect(changes.locator("ins")).to_contain_text(["from 30 to 18 a month."])
    check_accessible(reviewer)
    shoot(reviewer, f"{tag}-9-curator-diff")
    review(reviewer, live)
    reviewer.get_by_role("button", name="Feature it").click()

    visitor.goto(live("/"))
    first_section = visitor.locator("main section").first
    expect(first_section).to_contain_text("Featured case studies")
    expect(first_section).to_contain_text(TITLE)
    expect(first_section.get_by_text("Featured", exact=False).first).to_be_visible()
    shoot(visitor, f"{tag}-10-home")
    visitor.goto(live("/case-studies/?featured=1"))
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_text(ORGANISATION).first).to_be_visible()
    expect(visitor.get_by_text("Practice manager")).to_be_visible()
    expect(visitor.get_by_text("Colin Colleague").first).to_be_visible()
    check_accessible(visitor)
    shoot(visitor, f"{tag}-11-published")

    for page in (author, reviewer, visitor):
        assert page.dialogs == []
        assert page.console_errors == []
        page.context.close()


def test_the_way_in_and_the_curators_pages_are_accessible_and_work_without_javascript(browser: Browser, live):
    from casestudies.library.models import Collection, Organisation
    from tests.casestudies.factories import CaseStudyFactory, OrganisationFactory

    known = OrganisationFactory(name="Leeds Teaching Hospitals NHS Trust")
    CaseStudyFactory(title="Discharge before noon", featured=True, organisations=[known])
    CaseStudyFactory(title="Calmer clinics for children")
    Organisation.objects.create(name="Leeds Teaching Hosp", slug="leeds-teaching-hosp", confirmed=False)
    Collection.objects.create(title="Flow", slug="flow")
    curator = UserFactory(name="Cora Curator", is_staff=True)
    turn_on_totp(curator)
    visitor = new_page(browser, javascript=True)
    reviewer = new_page(browser, javascript=False)
    sign_in(reviewer, curator)

    for name, address in (
        ("guide", "/case-studies/share/"),
        ("featured-list", "/case-studies/?featured=1"),
        ("empty-search", "/case-studies/?q=zebrafish+husbandry"),
        ("organisation-search", "/organisations/?q=leeds+teaching"),
    ):
        visitor.goto(live(address))
        assert_accessible(visitor)
        shoot(visitor, f"way-in-{name}")
    visitor.goto(live("/case-studies/share/"))
    visitor.get_by_role("link", name="Sign in to start your case study").click()
    expect(visitor).to_have_url(live("/accounts/login/?next=/case-studies/new/"))

    reviewer.goto(live("/review/organisations/"))
    expect(reviewer.get_by_label("Merge it into")).to_have_value("Leeds Teaching Hospitals NHS Trust")
    shoot(reviewer, "curator-organisations")
    reviewer.get_by_role("button", name="Merge Leeds Teaching Hosp").click()
    expect(reviewer.get_by_text("is merged into “Leeds Teaching Hospitals NHS Trust”")).to_be_visible()

    reviewer.goto(live("/review/collections/flow/"))
    reviewer.get_by_label("Find a case study to add").fill("discharge")
    reviewer.get_by_role("button", name="Find", exact=True).click()
    reviewer.get_by_role("button", name="Add “Discharge before noon” to the collection").click()
    expect(reviewer.get_by_text("is added at the end of the collection")).to_be_visible()
    shoot(reviewer, "curator-collection")

    for page in (visitor, reviewer):
        assert page.dialogs == []
        page.context.close()


def test_sharing_work_can_be_done_with_the_keyboard_alone(page: Page, live):
    TopicFactory(name="Patient flow", slug="patient-flow")
    CareSettingFactory(name="Primary care", slug="primary-care")
    sign_in(page, UserFactory(name="Kim Keys", job_title="Ward manager", organisation=""))
    UserFactory(name="Colin Colleague", email=COLLEAGUE_EMAIL)
    page.goto(live("/"))

    tab_to(page, "Share your work")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("About the work")
    for label, text in (("Title", TITLE), ("Summary", "Same-day slots cut admissions.")):
        tab_to(page, label)
        page.keyboard.type(text)
    for label in ("Patient flow", "Primary care"):
        tab_to(page, label)
        page.keyboard.press("Space")
    tab_to(page, "Save and continue")
    follow(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("The story")
    for label in ("The problem and its context", "What you did", "Results and impact", "Lessons learned"):
        tab_to(page, label)
        page.keyboard.type(f"{label}: written with the keyboard.")
    for heading in ("Results and measures", "People and organisations"):
        tab_to(page, "Save and continue")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    tab_to(page, "Find a member by name")
    page.keyboard.type("colin")
    expect(page.get_by_role("button", name="Add Colin Colleague as a co-author")).to_be_visible()
    tab_to(page, "Add Colin Colleague as a co-author")
    follow(page)
    expect(page.get_by_text("Colin Colleague is added as a co-author")).to_be_visible()
    for heading in ("Files and links", "Check and send"):
        tab_to(page, "Save and continue")
        follow(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    tab_to(page, "Send for review")
    follow(page)
    expect(page.get_by_text("Submitted for review").first).to_be_visible()
    assert page.console_errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_second_tab_sees_both_texts_and_chooses_to_keep_its_own(browser: Browser, live, javascript):
    from casestudies.library.models import CaseStudy, Status

    member = UserFactory(name="Priya Shah")
    case_study = CaseStudyFactory(status=Status.DRAFT, author=member, problem="Patients waited.")
    first = new_page(browser, javascript=javascript)
    first.context.javascript = javascript  # type: ignore[attr-defined]
    sign_in(first, member)
    second = first.context.new_page()
    story = live(f"/case-studies/{case_study.slug}/steps/story/")
    first.goto(story)
    second.goto(story)

    first.get_by_label("The problem and its context").fill("Patients waited weeks for surgery.")
    first.get_by_role("button", name="Save and continue").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Results and measures")
    second.get_by_label("The problem and its context").fill("Patients waited days for a bed.")
    second.get_by_role("button", name="Save and continue").click()

    conflict = second.get_by_role("region", name="Someone saved this step while you were editing it")
    expect(conflict).to_be_visible()
    expect(second.get_by_role("region", name="The problem and its context The saved version")).to_contain_text(
        "Patients waited weeks for surgery."
    )
    yours = second.get_by_role("region", name="The problem and its context Your version (not saved)")
    expect(yours.locator("ins")).to_have_text(["days", "a bed."])
    expect(yours.locator("del")).to_have_text(["weeks", "surgery."])
    expect(second.locator("textarea[name=problem]")).to_have_value("Patients waited days for a bed.")
    check_accessible(second)
    shoot(second, f"{'js' if javascript else 'nojs'}-two-tabs")
    second.get_by_role("button", name="Save my version over it").click()

    expect(second.get_by_role("heading", level=1)).to_have_text("Results and measures")
    assert CaseStudy.objects.get(pk=case_study.pk).problem == "Patients waited days for a bed."
    first.context.close()
