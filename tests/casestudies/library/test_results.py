"""A measure's change reads the same, by one rule, on every page, email, feed and the API."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.library.models import OutcomeMeasure
from casestudies.library.results import describe
from digests.compose import Window, compose
from outbox.services import render_part
from tests.casestudies.factories import AdaptationFactory, CaseStudyFactory, OutcomeMeasureFactory, TopicFactory
from tests.digests.factories import DigestPreferenceFactory
from tests.members.factories import CuratorFactory

pytestmark = pytest.mark.django_db

FALLS = "Falls with harm"
# Today's wordings, which misread a percentage or lose the sign: none may appear anywhere.
WRONG = ("+393%", "393%", "(158%)", "12.00", "31.00", "6.50", "->")


@pytest.mark.parametrize(
    ("before", "after", "unit", "better", "expected"),
    [
        ("6.50", "3.00", "hours", "lower", "6.5 → 3 hours, down 54%, better"),
        (15, 74, "%", "higher", "15% → 74%, up 59 percentage points, better"),
        (12, 31, "%", "", "12% → 31%, up 19 percentage points"),
        (50, 49, "%", "higher", "50% → 49%, down 1 percentage point, worse"),
        ("12.5", "15", "%", "higher", "12.5% → 15%, up 2.5 percentage points, better"),
        (18, 11, "falls a month", "lower", "18 → 11 falls a month, down 39%, better"),
        (0, 40, "referrals", "higher", "0 → 40 referrals, up 40 referrals, better"),
        (-2, 3, "°C", "", "−2 → 3 °C, up 5 °C"),
        (1000, 1004, "", "higher", "1,000 → 1,004, up 0.4%, better"),
        (21, 21, "days", "lower", "21 → 21 days, no change"),
        (21, 8, "days", "higher", "21 → 8 days, down 62%, worse"),
    ],
)
def test_the_change_is_said_with_its_unit_direction_and_no_stray_decimals(before, after, unit, better, expected):
    assert str(describe(Decimal(str(before)), Decimal(str(after)), unit, better)) == expected


def test_a_relative_change_is_kept_for_ordinary_measures_and_left_out_for_percentages():
    assert describe(18, 11, "falls", "lower").relative_percent == -39
    assert describe(15, 74, "%").relative_percent is None
    assert describe(15, 74, "%").percentage_points == 59
    assert describe(0, 5, "falls").relative_percent is None


@pytest.fixture
def measures():
    """The three wordings the issue found wrong, on one published case study."""
    case_study = CaseStudyFactory(title="Safer wards")
    OutcomeMeasureFactory(case_study=case_study, label="Harm-free care", before=15, after=74, unit="%", better="higher")
    OutcomeMeasureFactory(case_study=case_study, label="Staff confidence", before=12, after=31, unit="%", position=1)
    OutcomeMeasureFactory(
        case_study=case_study,
        label="Time to assessment",
        before="6.50",
        after=3,
        unit="hours",
        better="lower",
        position=2,
    )
    return case_study


EXPECTED = [
    "15% → 74%, up 59 percentage points, better",
    "12% → 31%, up 19 percentage points",
    "6.5 → 3 hours, down 54%, better",
]


def text_of(html: str) -> str:
    """The words a reader sees: tags removed and white space joined, so markup never splits a phrase."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def assert_reads_right(text: str, expected=EXPECTED) -> None:
    for phrase in expected:
        assert phrase in text
    for wrong in WRONG:
        assert wrong not in text


def test_the_case_study_page_says_each_result_by_the_rule(client, measures):
    assert_reads_right(text_of(client.get(measures.get_absolute_url()).content.decode()))


def test_the_review_page_says_each_result_by_the_rule(client, measures):
    client.force_login(CuratorFactory())
    url = reverse("casestudies:review_detail", kwargs={"slug": measures.slug})
    assert_reads_right(text_of(client.get(url).content.decode()))


def test_the_spread_comparison_table_gives_the_change_by_the_rule(client, measures):
    adapted = CaseStudyFactory(title="Safer wards in Leeds")
    AdaptationFactory(case_study=measures, adapted_as=adapted, organisation="Leeds", status="spreading")
    html = client.get(reverse("casestudies:spread", kwargs={"slug": adapted.slug})).content.decode()
    table = text_of(html[html.index("Key results across the chain") : html.index("</table>")])

    for phrase in ("15%", "74%", "up 59 percentage points, better", "6.5 hours", "3 hours", "down 54%, better"):
        assert phrase in table
    for wrong in WRONG:
        assert wrong not in table


def test_a_card_in_the_library_gives_the_first_result_by_the_rule(client, measures):
    html = client.get(reverse("casestudies:list")).content.decode()
    assert_reads_right(text_of(html), EXPECTED[:1])


def test_the_digest_gives_the_first_result_by_the_rule(measures):
    topic = TopicFactory()
    measures.topics.add(topic)
    preference = DigestPreferenceFactory(topics=[topic])
    now = timezone.now()
    [digest] = compose([Window(preference, now - timezone.timedelta(days=7), now + timezone.timedelta(minutes=1))])
    context = {**digest.context(), "SITE_URL": "https://example.org", "email_settings_url": "/me/settings/email/"}

    assert "Key result: Harm-free care: 15% → 74%, up 59 percentage points, better" in render_part(
        "emails/digest.txt", context
    )
    assert_reads_right(text_of(render_part("emails/digest.html", context)), EXPECTED[:1])


def test_the_atom_feed_gives_the_first_result_by_the_rule(client, measures):
    assert_reads_right(client.get(reverse("casestudies:feed")).content.decode(), EXPECTED[:1])


def test_the_api_gives_every_result_by_the_rule_and_the_numbers_behind_it(client, measures):
    outcomes = client.get(f"/api/v1/case-studies/{measures.slug}/").json()["outcomes"]

    assert [outcome["result"] for outcome in outcomes] == EXPECTED
    assert outcomes[0]["percentage_points"] == 59
    assert outcomes[0]["change_percent"] is None
    assert outcomes[2]["change_percent"] == -54
    assert outcomes[0]["better"] == "higher"


def test_the_measure_reads_the_same_in_its_own_words():
    measure = OutcomeMeasure(label=FALLS, before=18, after=11, unit="falls a month", better="lower")
    assert str(measure) == "Falls with harm: 18 → 11 falls a month, down 39%, better"
