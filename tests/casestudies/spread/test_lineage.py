"""The lineage page: a published case study's whole chain of adaptations, from the original down, with
each adapter's organisation and progress and every case study's results side by side."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from casestudies.library.models import Benefit, Status
from casestudies.spread.lineage import LINEAGE_DEPTH, lineage_of
from casestudies.spread.models import Adaptation, AdaptationStatus
from casestudies.spread.services.adaptations import AdaptationRefused, adaptation_hide, adaptation_record
from tests.casestudies.factories import AdaptationFactory, CaseStudyFactory, OutcomeMeasureFactory
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every read of the page, whatever the size of the tree: the case study, the recursive walk, the
# case studies with their outcomes (and the outcomes' points, for the small charts) and
# organisations, and the adaptations between them.
QUERIES = 7


def spread_url(case_study) -> str:
    return reverse("casestudies:spread", kwargs={"slug": case_study.slug})


class _Outline(HTMLParser):
    """Reads the tree on the page as (depth, title, is current) for each case study, in page order."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: list[bool] = []  # for each open <ul>, whether it is a level of the tree
        self.in_title = False
        self.current = False
        self.nodes: list[tuple[int, str, bool]] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "ul":
            self.lists.append("portal-lineage" in classes)
        elif tag == "h3" and "portal-lineage__title" in classes:
            self.in_title = True
        elif tag == "a" and self.in_title:
            self.current = dict(attrs).get("aria-current") == "true"
            self.nodes.append((sum(self.lists) - 1, "", self.current))

    def handle_endtag(self, tag):
        if tag == "ul":
            self.lists.pop()
        elif tag == "h3":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title and self.nodes and not self.nodes[-1][1]:
            depth, _title, current = self.nodes[-1]
            self.nodes[-1] = (depth, data.strip(), current)


def outline(html: str) -> list[tuple[int, str, bool]]:
    parser = _Outline()
    parser.feed(html)
    return parser.nodes


def page(client, case_study) -> str:
    response = client.get(spread_url(case_study))
    assert response.status_code == 200
    return response.content.decode()


def chain(length: int, **first) -> list:
    """`length` published case studies, each adapted as the next, by a different organisation."""
    case_studies = [CaseStudyFactory(**first)]
    for _ in range(length - 1):
        adapted_as = CaseStudyFactory()
        AdaptationFactory(case_study=case_studies[-1], adapted_as=adapted_as)
        case_studies.append(adapted_as)
    return case_studies


@pytest.fixture
def huddles():
    """A adapted as B by Leeds, B adapted as C by York: a three-level chain."""
    a = CaseStudyFactory(title="Huddles in Bradford")
    b = CaseStudyFactory(title="Huddles in Leeds")
    c = CaseStudyFactory(title="Huddles in York")
    AdaptationFactory(case_study=a, adapted_as=b, organisation="Leeds Teaching Hospitals", status="spreading")
    AdaptationFactory(case_study=b, adapted_as=c, organisation="York and Scarborough", status="planning")
    return a, b, c


@pytest.mark.parametrize("viewed", [0, 1, 2])
def test_a_three_level_chain_reads_from_the_original_down_from_any_of_its_pages(client, huddles, viewed):
    html = page(client, huddles[viewed])

    expected = [(level, case_study.title, level == viewed) for level, case_study in enumerate(huddles)]
    assert outline(html) == expected
    assert "3 published case studies in this chain" in html
    assert "The chain, from the original" in html


def test_each_adaptation_shows_who_adapted_it_and_how_far_they_have_got(client, huddles):
    html = page(client, huddles[0])

    assert "Adapted by Leeds Teaching Hospitals" in html
    assert "Spreading</strong>" in html
    assert "Adapted by York and Scarborough" in html
    assert "Planning</strong>" in html
    assert "The original" in html


def test_organisations_adapting_without_a_published_case_study_are_listed_under_their_node(client, huddles):
    a, b, _c = huddles
    draft = CaseStudyFactory(title="Huddles in Hull, still a draft", status=Status.DRAFT)
    AdaptationFactory(case_study=b, adapted_as=draft, organisation="Hull University Teaching", status="testing")
    AdaptationFactory(case_study=b, organisation="Wakefield Council", status="done")

    html = page(client, a)

    assert "Hull University Teaching (testing)" in html
    assert "Wakefield Council (done)" in html
    assert "Huddles in Hull" not in html
    assert [title for _depth, title, _current in outline(html)] == [case.title for case in huddles]
    assert "2 more organisations adapting the idea without a published case study of their own" in html


def test_a_loop_is_refused_with_a_message_when_recorded():
    a_author, b_author, c_author = UserFactory(), UserFactory(), UserFactory()
    a, b, c = CaseStudyFactory(author=a_author), CaseStudyFactory(author=b_author), CaseStudyFactory(author=c_author)
    adaptation_record(member=b_author, case_study=a, organisation="Leeds", changes="x", adapted_as=b)
    adaptation_record(member=c_author, case_study=b, organisation="York", changes="x", adapted_as=c)

    with pytest.raises(AdaptationRefused, match="would make a loop"):
        adaptation_record(member=a_author, case_study=c, organisation="Bradford", changes="x", adapted_as=a)


@pytest.mark.parametrize("viewed", [0, 1, 2])
def test_a_loop_forced_into_the_database_still_shows_each_case_study_once(client, huddles, viewed):
    a, _b, c = huddles
    Adaptation.objects.create(member=UserFactory(), case_study=c, adapted_as=a, organisation="Bradford")

    nodes = outline(page(client, huddles[viewed]))

    assert sorted(title for _depth, title, _current in nodes) == sorted(case.title for case in huddles)
    assert [current for _depth, _title, current in nodes].count(True) == 1


def test_drafts_never_appear_in_the_chain_or_its_count(client, huddles):
    a, b, c = huddles
    c.status = Status.DRAFT
    c.save()
    beyond = CaseStudyFactory(title="Adapted from the draft")
    AdaptationFactory(case_study=c, adapted_as=beyond, organisation="Beyond Trust")

    html = page(client, a)

    assert [title for _depth, title, _current in outline(html)] == [a.title, b.title]
    assert "2 published case studies in this chain" in html
    assert c.title not in html
    assert "Adapted from the draft" not in html
    assert "York and Scarborough (planning)" in html  # the organisation shows, its draft does not
    assert client.get(spread_url(c)).status_code == 404
    assert outline(page(client, beyond)) == []  # cut off from its chain, it has no lineage to show


def test_hidden_adaptations_never_appear_in_the_chain_or_its_count(client, huddles):
    a, b, c = huddles
    adaptation_hide(adaptation=Adaptation.objects.get(adapted_as=c), reason="Not a genuine adaptation.")
    bogus = AdaptationFactory(case_study=a, organisation="Bogus Ltd")
    adaptation_hide(adaptation=bogus, reason="Not a genuine adaptation.")

    html = page(client, a)

    assert [title for _depth, title, _current in outline(html)] == [a.title, b.title]
    assert "2 published case studies in this chain." in html
    assert c.title not in html
    assert "Bogus Ltd" not in html
    assert "York and Scarborough" not in html
    assert outline(page(client, c)) == []


def test_results_are_shown_side_by_side_in_the_order_of_the_chain(client, huddles):
    a, b, c = huddles
    OutcomeMeasureFactory(case_study=a, label="Process lead time", before=21, after=8, unit="days")
    OutcomeMeasureFactory(
        case_study=b, label="Process lead time", before=30, after=15, unit="days", benefit=Benefit.ORGANISATION
    )
    OutcomeMeasureFactory(case_study=b, label="Staff who feel heard", before=0, after=40, unit="%", benefit="staff")

    html = page(client, c)
    table = html[html.index("Key results across the chain") : html.index("</table>")]

    assert table.index(a.title) < table.index(b.title)
    assert c.title not in table  # no results of its own to compare
    for shown in ("21 days", "8 days", "down 62%", "30 days", "15 days", "down 50%", "Organisation", "Staff"):
        assert shown in table
    assert "up 40 percentage points" in table
    assert "No key results recorded" in html  # on York's own node
    assert f'<a href="#results-{a.pk}">1 key result' in html


def test_a_case_study_with_no_adaptations_explains_what_will_show_here(client):
    alone = CaseStudyFactory()

    html = page(client, alone)

    assert "No organisation has recorded adopting or adapting this case study yet" in html
    assert reverse("casestudies:adapt", kwargs={"slug": alone.slug}) in html
    assert outline(html) == []


def test_the_author_is_not_invited_to_adapt_their_own_case_study(client):
    author = UserFactory()
    alone = CaseStudyFactory(author=author)
    client.force_login(author)

    assert reverse("casestudies:adapt", kwargs={"slug": alone.slug}) not in page(client, alone)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_the_page_of_an_unpublished_case_study_is_not_found_even_for_its_author_and_curators(client, status):
    author = UserFactory()
    unpublished = CaseStudyFactory(author=author, status=status)

    assert client.get(spread_url(unpublished)).status_code == 404
    client.force_login(author)
    assert client.get(spread_url(unpublished)).status_code == 404
    client.force_login(CuratorFactory())
    assert client.get(spread_url(unpublished)).status_code == 404
    assert client.get("/case-studies/no-such-case-study/spread/").status_code == 404


def test_levels_beyond_the_bound_are_cut_with_a_note_leading_on(client):
    # The case study read sits one level below the bound from the original, and the chain goes on
    # one level beyond the bound below it.
    case_studies = chain(2 * LINEAGE_DEPTH + 3)
    middle = case_studies[LINEAGE_DEPTH + 1]

    html = page(client, middle)
    titles = [title for _depth, title, _current in outline(html)]

    assert titles == [case.title for case in case_studies[1 : 2 * LINEAGE_DEPTH + 2]]
    assert "This chain began earlier than shown" in html
    assert spread_url(case_studies[1]) in html
    assert "Adapted further than shown here" in html
    assert spread_url(case_studies[2 * LINEAGE_DEPTH + 1]) in html
    # The pages the notes lead to show the levels cut here.
    assert case_studies[0].title in page(client, case_studies[1])
    assert case_studies[-1].title in page(client, case_studies[2 * LINEAGE_DEPTH + 1])


def test_a_chain_within_the_bound_is_not_cut(huddles):
    lineage = lineage_of(huddles[1])

    assert not lineage.more_above
    assert not any(node.more_below for node in lineage.nodes())


@pytest.mark.parametrize("length", [2, 9])
def test_the_page_reads_in_a_fixed_number_of_queries_however_deep_the_chain(
    client, django_assert_max_num_queries, length
):
    case_studies = chain(length)
    for case_study in case_studies:
        OutcomeMeasureFactory(case_study=case_study)
        AdaptationFactory(case_study=case_study)  # an organisation without a case study of its own

    with django_assert_max_num_queries(QUERIES):
        html = page(client, case_studies[length // 2])

    assert len(outline(html)) == length


def test_the_page_reads_in_a_fixed_number_of_queries_however_many_adapted_it(client, django_assert_max_num_queries):
    original = CaseStudyFactory()
    for _ in range(15):
        sibling = CaseStudyFactory()
        OutcomeMeasureFactory(case_study=sibling)
        AdaptationFactory(case_study=original, adapted_as=sibling)
        AdaptationFactory(case_study=sibling, status=AdaptationStatus.DONE)

    with django_assert_max_num_queries(QUERIES):
        html = page(client, original)

    assert len(outline(html)) == 16


def test_the_case_study_page_links_to_its_lineage_once_it_has_one(client, huddles):
    alone = CaseStudyFactory()
    only_hidden = CaseStudyFactory()
    adaptation_hide(adaptation=AdaptationFactory(case_study=only_hidden), reason="Not a genuine adaptation.")

    for case_study in huddles:
        assert spread_url(case_study) in client.get(case_study.get_absolute_url()).content.decode()
    assert spread_url(alone) not in client.get(alone.get_absolute_url()).content.decode()
    assert spread_url(only_hidden) not in client.get(only_hidden.get_absolute_url()).content.decode()
