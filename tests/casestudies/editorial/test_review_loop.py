"""The review loop with its context: a curator's notes beside the parts they are about, what changed
since the curator last decided, and a history that always says who did what."""

import pytest
from django.urls import reverse

from casestudies.editorial.models import AuditEntry
from casestudies.editorial.services.submission import case_study_submit
from casestudies.library.models import CaseStudy, Status
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, OutcomeMeasureFactory, TopicFactory
from tests.casestudies.review_helpers import editor_data
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return CuratorFactory(name="Cora Curator")


@pytest.fixture
def author():
    return UserFactory(name="Ada Author")


def submitted(author, **kwargs) -> CaseStudy:
    kwargs.setdefault("topics", [TopicFactory(name="Patient flow")])
    kwargs.setdefault("care_settings", [CareSettingFactory()])
    case_study = CaseStudyFactory(
        status=Status.DRAFT, author=author, problem="People waited too long for surgery.", **kwargs
    )
    return case_study_submit(case_study=case_study, by=author)


def ask_for_changes(client, case_study, **notes):
    data = {"decision": "request_changes", "message": "Nearly there: see my notes."}
    data |= {f"note_{key}": note for key, note in notes.items()}
    return client.post(reverse("casestudies:review_decide", kwargs={"slug": case_study.slug}), data)


def review_page(client, case_study) -> str:
    return client.get(reverse("casestudies:review_detail", kwargs={"slug": case_study.slug})).content.decode()


def test_the_curators_notes_appear_beside_the_fields_they_concern_when_the_author_edits(client, curator, author):
    case_study = submitted(author)
    client.force_login(curator)
    ask_for_changes(client, case_study, problem="Say how many people were waiting.", outcomes="Add the wait in days.")

    client.force_login(author)
    page = client.get(reverse("casestudies:edit", kwargs={"slug": case_study.slug})).content.decode()

    assert "Cora Curator asked for changes" in page
    assert "Nearly there: see my notes." in page
    note = page.index("Say how many people were waiting.")
    assert page.index('for="id_problem"') > note > page.index('for="id_summary"')
    assert page.index("Add the wait in days.") < page.index('id="id_outcomes-TOTAL_FORMS"')


def test_a_draft_never_requested_shows_no_curator_notes(client, author):
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author)
    client.force_login(author)

    page = client.get(reverse("casestudies:edit", kwargs={"slug": case_study.slug})).content.decode()

    assert "The curator asked" not in page
    assert "asked for changes" not in page


def test_on_resubmission_the_curator_sees_what_changed_field_by_field(client, curator, author):
    case_study = submitted(author)
    OutcomeMeasureFactory(case_study=case_study, label="Falls a month", before=12, after=5, unit="falls")
    client.force_login(curator)
    ask_for_changes(client, case_study, problem="How many?")
    case_study.refresh_from_db()

    client.force_login(author)
    new_topic = TopicFactory(name="Surgery")
    existing = case_study.outcomes.get()
    data = editor_data(
        case_study,
        action="submit",
        problem="About 400 people waited too long for hip surgery.",
        topics=[str(new_topic.pk)],
    )
    # The saved row first (ticked for removal), then a new one.
    data |= {
        "outcomes-TOTAL_FORMS": "2",
        "outcomes-INITIAL_FORMS": "1",
        "outcomes-0-id": str(existing.pk),
        "outcomes-0-case_study": str(case_study.pk),
        "outcomes-0-label": existing.label,
        "outcomes-0-before": "12",
        "outcomes-0-after": "5",
        "outcomes-0-unit": "falls",
        "outcomes-0-benefit": "population",
        "outcomes-0-DELETE": "on",
        "outcomes-1-label": "Wait for surgery",
        "outcomes-1-before": "21",
        "outcomes-1-after": "8",
        "outcomes-1-unit": "days",
        "outcomes-1-benefit": "population",
    }
    response = client.post(reverse("casestudies:edit", kwargs={"slug": case_study.slug}), data)
    assert response.status_code == 302, response.context["editor"].errors()
    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED

    client.force_login(curator)
    page = review_page(client, case_study)

    assert "What changed since Cora Curator asked for changes" in page
    assert "<del>People</del><ins>About 400 people</ins> waited too long for <ins>hip </ins>surgery." in page
    changes = page[page.index('id="changes-since-heading"') :]
    assert "Wait for surgery: 21 → 8 days, down 62%" in changes
    assert "<del>Falls a month: 12 → 5 falls, down 58%</del>" in changes
    assert "Surgery" in changes
    assert "<del>Patient flow</del>" in changes
    assert "Summary" not in changes.split("</section>")[0]


def test_a_first_submission_shows_no_comparison(client, curator, author):
    case_study = submitted(author)
    client.force_login(curator)

    assert "What changed since" not in review_page(client, case_study)


def test_the_comparison_escapes_what_authors_wrote(client, curator, author):
    case_study = submitted(author)
    client.force_login(curator)
    ask_for_changes(client, case_study)
    case_study.refresh_from_db()
    CaseStudy.objects.filter(pk=case_study.pk).update(problem="<script>alert(1)</script> waited", status="submitted")

    page = review_page(client, case_study)

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_review_page_with_its_comparison_runs_a_fixed_number_of_queries(
    client, curator, author, django_assert_max_num_queries
):
    case_study = submitted(author)
    # One measure from the start: with none, the prefetch of the measures' series has nothing to read.
    OutcomeMeasureFactory(case_study=case_study)
    client.force_login(curator)
    ask_for_changes(client, case_study)
    CaseStudy.objects.filter(pk=case_study.pk).update(status="submitted")
    with django_assert_max_num_queries(30) as few:
        review_page(client, case_study)
    for _ in range(5):
        OutcomeMeasureFactory(case_study=case_study)
        CaseStudyFactory(author=author)
    with django_assert_max_num_queries(len(few.captured_queries)):
        review_page(client, case_study)


def test_the_history_always_says_who_did_what(client, curator, author):
    client.force_login(author)
    client.post(reverse("casestudies:new"), editor_data(title="First title"))
    case_study = CaseStudy.objects.get()
    client.post(reverse("casestudies:edit", kwargs={"slug": case_study.slug}), editor_data(case_study, title="Better"))

    entries = list(
        AuditEntry.objects.filter(case_study=case_study).order_by("id").values_list("action", "actor", "detail")
    )
    assert entries == [
        ("created", author.pk, "Started it as a draft"),
        ("edited", author.pk, "Changed title"),
    ]
    client.force_login(curator)
    page = review_page(client, case_study)
    history = page[page.index("History of this case study") :]
    assert "Created: Started it as a draft" in history
    assert "Edited: Changed title" in history
    assert "Ada Author" in history
    assert "Created: </td>" not in history, history[:3000]
