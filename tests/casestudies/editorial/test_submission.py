"""Members writing case studies: drafts, submitting, withdrawing, revisions, concurrent edits, /me/case-studies/."""

import pytest
from django.urls import reverse

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.editorial.services.revisions import case_study_revision_start
from casestudies.editorial.services.submission import case_study_submit
from casestudies.library.models import CaseStudy, CaseStudyAuthor, Status
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, OutcomeMeasureFactory, TopicFactory
from tests.casestudies.review_helpers import draft_of, editor_data, review_emails
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_saves_a_new_draft_with_outcome_measures_and_links(client, author):
    data = editor_data(
        title="Fewer falls on older people's wards",
        outcomes=[{"label": "Falls a month", "before": "12", "after": "5", "unit": "falls"}, {}],
        links=[{"title": "Driver diagram", "url": "https://example.org/diagram"}],
    )

    response = client.post(reverse("casestudies:new"), data)

    case_study = CaseStudy.objects.get(title="Fewer falls on older people's wards")
    assert response.status_code == 302
    assert response.url == reverse("casestudies:edit", kwargs={"slug": case_study.slug})
    assert case_study.status == Status.DRAFT
    assert list(CaseStudy.objects.authored_by(author)) == [case_study]
    assert [(o.label, o.before, o.after) for o in case_study.outcomes.all()] == [("Falls a month", 12, 5)]
    assert [link.url for link in case_study.links.all()] == ["https://example.org/diagram"]
    assert AuditEntry.objects.filter(case_study=case_study, action=AuditEntry.Action.CREATED, actor=author).exists()


def test_the_new_case_study_form_loads_with_help_for_each_section(client, author):
    response = client.get(reverse("casestudies:new"), {"layout": "one-page"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Who was affected and how" in page
    assert 'name="outcomes-TOTAL_FORMS"' in page
    assert 'value="submit"' in page


def test_a_failed_validation_keeps_everything_typed(client, author):
    data = editor_data(
        title="",
        problem="A long story about the problem that must not be lost.",
        links=[{"title": "Report", "url": "not a web address"}],
    )

    response = client.post(reverse("casestudies:new"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "A long story about the problem that must not be lost." in page
    assert "not a web address" in page
    assert "There is a problem" in page
    assert not CaseStudy.objects.exists()


def test_submitting_names_the_missing_parts_and_saves_nothing(client, author):
    data = editor_data(action="submit", title="Half written", lessons="", summary="")

    response = client.post(reverse("casestudies:new"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Add the lessons learned before submitting for review." in page
    assert "Add at least one topic before submitting for review." in page
    assert "Add at least one care setting before submitting for review." in page
    assert "Half written" in page
    assert not CaseStudy.objects.exists()


def test_a_complete_new_case_study_can_be_submitted_straight_away(client, author, tags):
    response = client.post(reverse("casestudies:new"), editor_data(action="submit", **tags))

    case_study = CaseStudy.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casestudies:conversation", kwargs={"slug": case_study.slug})
    assert case_study.status == Status.SUBMITTED
    assert case_study.submitted_by == author
    assert case_study.submitted_at is not None
    assert review_emails(author).get().context["kind"] == "submitted"


def test_an_author_edits_their_draft(client, author):
    case_study = draft_of(author)

    response = client.post(
        reverse("casestudies:edit", kwargs={"slug": case_study.slug}),
        editor_data(case_study, title="A better title", outcomes=[{"label": "Lead time", "before": "3", "after": "1"}]),
    )

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.title == "A better title"
    assert case_study.version == 2
    assert case_study.outcomes.get().label == "Lead time"


def test_a_saved_outcome_row_can_be_removed(client, author):
    case_study = draft_of(author)
    outcome = OutcomeMeasureFactory(case_study=case_study)
    data = editor_data(case_study)
    data.update(
        {
            "outcomes-TOTAL_FORMS": "1",
            "outcomes-INITIAL_FORMS": "1",
            "outcomes-0-id": str(outcome.pk),
            "outcomes-0-case_study": str(case_study.pk),
            "outcomes-0-label": outcome.label,
            "outcomes-0-before": "21",
            "outcomes-0-after": "8",
            "outcomes-0-DELETE": "on",
        }
    )

    client.post(reverse("casestudies:edit", kwargs={"slug": case_study.slug}), data)

    assert not case_study.outcomes.exists()


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_what_was_typed(client, author):
    co_author = UserFactory()
    case_study = draft_of(author)
    CaseStudyAuthor.objects.create(case_study=case_study, member=co_author, position=1)
    opened_by_both = editor_data(case_study)
    client.post(
        reverse("casestudies:edit", kwargs={"slug": case_study.slug}), {**opened_by_both, "title": "First save wins"}
    )

    client.force_login(co_author)
    response = client.post(
        reverse("casestudies:edit", kwargs={"slug": case_study.slug}),
        {**opened_by_both, "results": "The co-author's careful rewrite of the results."},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Your changes have not been saved" in page
    assert "The co-author&#x27;s careful rewrite of the results." in page
    case_study.refresh_from_db()
    assert case_study.title == "First save wins"
    assert case_study.results != "The co-author's careful rewrite of the results."
    assert case_study.version == 2


def test_a_draft_is_submitted_from_the_edit_page(client, author, tags):
    case_study = draft_of(author)

    response = client.post(
        reverse("casestudies:edit", kwargs={"slug": case_study.slug}), editor_data(case_study, action="submit", **tags)
    )

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED
    assert ReviewMessage.objects.filter(case_study=case_study, kind=ReviewMessage.Kind.SUBMITTED).exists()


def test_every_member_author_is_emailed_on_submission(author, tags):
    co_author = UserFactory()
    case_study = draft_of(author, topics=[TopicFactory()], care_settings=[CareSettingFactory()])
    CaseStudyAuthor.objects.create(case_study=case_study, member=co_author, position=1)
    CaseStudyAuthor.objects.create(case_study=case_study, name="Dr External", position=2)

    case_study_submit(case_study=case_study, by=author)

    assert set(review_emails().values_list("recipient", flat=True)) == {author.pk, co_author.pk}


def test_a_submitted_case_study_cannot_be_edited(client, author):
    case_study = draft_of(author, status=Status.SUBMITTED)

    page = client.get(reverse("casestudies:edit", kwargs={"slug": case_study.slug}))
    response = client.post(
        reverse("casestudies:edit", kwargs={"slug": case_study.slug}), editor_data(case_study, title="Sneaky")
    )

    assert "Withdraw from review" in page.content.decode()
    assert response.status_code == 409
    case_study.refresh_from_db()
    assert case_study.title != "Sneaky"


def test_an_author_withdraws_a_submission_and_it_is_a_draft_again(client, author):
    case_study = draft_of(author, status=Status.SUBMITTED)

    response = client.post(reverse("casestudies:withdraw", kwargs={"slug": case_study.slug}))

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == Status.DRAFT
    assert case_study.submitted_at is None
    assert ReviewMessage.objects.filter(case_study=case_study, kind=ReviewMessage.Kind.WITHDRAWN).exists()
    assert review_emails(author).get().context["kind"] == "withdrawn"
    assert AuditEntry.objects.filter(case_study=case_study, action=AuditEntry.Action.STATUS_CHANGED).exists()


def test_withdrawing_a_draft_says_it_is_not_in_review(client, author):
    case_study = draft_of(author)

    response = client.post(reverse("casestudies:withdraw", kwargs={"slug": case_study.slug}), follow=True)

    assert "Only a case study waiting for review can be withdrawn." in response.content.decode()
    assert not review_emails().exists()


def test_the_author_sees_the_status_and_the_conversation_and_can_reply(client, author):
    case_study = draft_of(author, status=Status.CHANGES_REQUESTED)
    ReviewMessage.objects.create(
        case_study=case_study, kind=ReviewMessage.Kind.CHANGES_REQUESTED, body="Please add the numbers."
    )

    page = client.get(reverse("casestudies:conversation", kwargs={"slug": case_study.slug}))
    reply = client.post(
        reverse("casestudies:conversation", kwargs={"slug": case_study.slug}), {"body": "Added, thank you."}
    )

    assert page.status_code == 200
    assert "Please add the numbers." in page.content.decode()
    assert "Changes requested" in page.content.decode()
    assert reply.status_code == 302
    assert case_study.review_messages.filter(kind=ReviewMessage.Kind.COMMENT, author=author).exists()


def test_an_empty_reply_is_refused_with_a_message(client, author):
    case_study = draft_of(author)

    response = client.post(reverse("casestudies:conversation", kwargs={"slug": case_study.slug}), {"body": "  "})

    assert response.status_code == 400
    assert not case_study.review_messages.exists()


def test_editing_a_published_case_study_starts_a_revision_and_the_published_one_stays_live(client, author):
    published = CaseStudyFactory(author=author, title="The live title")

    page = client.get(reverse("casestudies:edit", kwargs={"slug": published.slug}))
    response = client.post(reverse("casestudies:revise", kwargs={"slug": published.slug}))

    revision = CaseStudy.objects.get(revision_of=published)
    assert "Start a revision" in page.content.decode()
    assert response.url == reverse("casestudies:edit", kwargs={"slug": revision.slug})
    assert revision.status == Status.DRAFT
    assert revision.title == "The live title"
    assert list(CaseStudy.objects.authored_by(author).order_by("pk")) == [published, revision]
    client.post(reverse("casestudies:edit", kwargs={"slug": revision.slug}), editor_data(revision, title="New title"))
    published.refresh_from_db()
    assert published.title == "The live title"
    assert list(CaseStudy.objects.published()) == [published]
    # Asking again returns the same revision rather than a second one.
    again = client.post(reverse("casestudies:revise", kwargs={"slug": published.slug}))
    assert again.url == reverse("casestudies:edit", kwargs={"slug": revision.slug})
    assert CaseStudy.objects.filter(revision_of=published).count() == 1


def test_my_case_studies_lists_the_members_own_with_their_status(client, author, django_assert_max_num_queries):
    mine = [draft_of(author, title=f"Mine {n}") for n in range(3)]
    published = CaseStudyFactory(author=author, title="Mine published")
    case_study_revision_start(case_study=published, by=author)
    CaseStudyFactory(title="Someone else's")
    client.get(reverse("casestudies:mine"))  # the first request of a session also records the session

    with django_assert_max_num_queries(10):
        response = client.get(reverse("casestudies:mine"))

    page = response.content.decode()
    assert response.status_code == 200
    for case_study in [*mine, published]:
        assert case_study.title in page
    assert "Revision:" in page
    assert "Someone else" not in page
    for n in range(10):
        draft_of(author, title=f"More {n}")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("casestudies:mine")).status_code == 200


def test_the_slug_of_a_new_case_study_never_takes_a_page_address(client, author):
    client.post(reverse("casestudies:new"), editor_data(title="New"))

    assert CaseStudy.objects.get().slug == "new-2"
