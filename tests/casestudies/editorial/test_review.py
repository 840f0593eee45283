"""Curators reviewing submissions: the queue, assigning, decisions with messages, revisions, emails."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.editorial.services.review import (
    case_study_assign,
    case_study_decline,
    case_study_feature,
    case_study_publish,
)
from casestudies.editorial.services.revisions import case_study_revision_start
from casestudies.editorial.services.submission import case_study_submit
from casestudies.library import search
from casestudies.library.models import Bookmark, CaseStudy, Status
from tests.casestudies.factories import (
    CareSettingFactory,
    CaseStudyFactory,
    CollectionFactory,
    OutcomeMeasureFactory,
    TopicFactory,
)
from tests.casestudies.review_helpers import editor_data, review_emails
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return CuratorFactory(name="Cora Curator")


def submission(author=None, **kwargs) -> CaseStudy:
    kwargs.setdefault("topics", [TopicFactory()])
    kwargs.setdefault("care_settings", [CareSettingFactory()])
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author or UserFactory(), **kwargs)
    return case_study_submit(case_study=case_study, by=case_study.authors.get().member)


def decide(client, case_study, decision, message=""):
    return client.post(
        reverse("casestudies:review_decide", kwargs={"slug": case_study.slug}),
        {"decision": decision, "message": message},
    )


def test_the_full_journey_from_draft_to_the_library(client, curator):
    author = UserFactory()
    topic, setting = TopicFactory(name="Patient flow"), CareSettingFactory()
    client.force_login(author)
    client.post(
        reverse("casestudies:new"),
        editor_data(title="Discharge before noon on every ward", summary="Earlier discharges freed beds."),
    )
    case_study = CaseStudy.objects.get()
    tags = {"topics": [str(topic.pk)], "care_settings": [str(setting.pk)]}
    client.post(
        reverse("casestudies:edit", kwargs={"slug": case_study.slug}), editor_data(case_study, action="submit", **tags)
    )
    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED

    client.force_login(curator)
    queue = client.get(reverse("casestudies:review_queue"))
    assert "Discharge before noon on every ward" in queue.content.decode()
    decide(client, case_study, "request_changes", "Please add how many beds were freed.")
    case_study.refresh_from_db()
    assert case_study.status == Status.CHANGES_REQUESTED

    client.force_login(author)
    conversation = client.get(reverse("casestudies:conversation", kwargs={"slug": case_study.slug}))
    assert "Please add how many beds were freed." in conversation.content.decode()
    client.post(
        reverse("casestudies:edit", kwargs={"slug": case_study.slug}),
        editor_data(case_study, action="submit", results="Twelve beds a day were freed.", **tags),
    )
    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED

    client.force_login(curator)
    decide(client, case_study, "publish", "Thank you, a great example.")
    case_study.refresh_from_db()
    assert case_study.status == Status.PUBLISHED
    assert case_study.published_at is not None

    client.logout()
    listing = client.get(reverse("casestudies:list"))
    found = client.get(reverse("casestudies:list"), {"q": "discharge noon"})
    assert "Discharge before noon on every ward" in listing.content.decode()
    assert "Discharge before noon on every ward" in found.content.decode()
    assert client.get(case_study.get_absolute_url()).status_code == 200

    kinds = list(case_study.review_messages.values_list("kind", flat=True))
    assert kinds == ["submitted", "changes_requested", "submitted", "published"]
    assert list(review_emails(author).order_by("created_at", "id").values_list("context__kind", flat=True)) == [
        "submitted",
        "changes_requested",
        "submitted",
        "published",
    ]
    changes_email = review_emails(author).get(context__kind="changes_requested")
    assert changes_email.context["message"] == "Please add how many beds were freed."
    assert changes_email.idempotency_key.startswith("review-message-")


def test_a_declined_submission_is_not_published_and_the_author_is_told_why(client, curator):
    case_study = submission()
    author = case_study.authors.get().member
    client.force_login(curator)

    response = decide(client, case_study, "decline", "This is a service description, not improvement work.")

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == Status.DECLINED
    assert not CaseStudy.objects.published().filter(pk=case_study.pk).exists()
    email = review_emails(author).get(context__kind="declined")
    assert email.context["message"] == "This is a service description, not improvement work."
    assert case_study.review_messages.filter(kind="declined", author=curator).exists()
    client.force_login(author)
    assert client.get(reverse("casestudies:edit", kwargs={"slug": case_study.slug})).status_code == 200
    refused = client.post(reverse("casestudies:edit", kwargs={"slug": case_study.slug}), editor_data(case_study))
    assert refused.status_code == 409


@pytest.mark.parametrize("decision", ["request_changes", "decline"])
def test_asking_for_changes_or_declining_needs_a_message(client, curator, decision):
    case_study = submission()
    client.force_login(curator)

    response = decide(client, case_study, decision, "   ")

    assert response.status_code == 400
    assert "Write a message to the authors" in response.content.decode()
    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED


def test_an_unknown_decision_is_refused(client, curator):
    case_study = submission()
    client.force_login(curator)

    response = decide(client, case_study, "delete-everything", "")

    assert response.status_code == 400
    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED


def test_a_decision_on_something_not_in_review_says_so(client, curator):
    draft = CaseStudyFactory(status=Status.DRAFT)
    client.force_login(curator)

    response = client.post(
        reverse("casestudies:review_decide", kwargs={"slug": draft.slug}), {"decision": "publish"}, follow=True
    )

    assert "Only a case study waiting for review can be published." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publishing_a_revision_replaces_the_live_text_and_keeps_its_address_and_bookmarks(client, curator):
    author = UserFactory()
    live = CaseStudyFactory(
        author=author, title="Old title", topics=[TopicFactory()], care_settings=[CareSettingFactory()]
    )
    OutcomeMeasureFactory(case_study=live, label="Old measure")
    reader = UserFactory()
    Bookmark.objects.create(user=reader, case_study=live)
    collection = CollectionFactory(case_studies=[live])
    first_published = live.published_at
    revision = case_study_revision_start(case_study=live, by=author)
    client.force_login(author)
    client.post(
        reverse("casestudies:edit", kwargs={"slug": revision.slug}),
        editor_data(
            revision,
            action="submit",
            title="New title",
            outcomes=[{"label": "New measure", "before": "10", "after": "4", "unit": "days"}],
        ),
    )
    revision.refresh_from_db()
    assert revision.status == Status.SUBMITTED
    live.refresh_from_db()
    assert live.title == "Old title"
    assert list(CaseStudy.objects.published()) == [live]

    client.force_login(curator)
    queue = client.get(reverse("casestudies:review_queue")).content.decode()
    assert "Revision of a published case study" in queue
    response = decide(client, revision, "publish")

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "New title"
    assert live.status == Status.PUBLISHED
    assert live.published_at == first_published
    assert sorted(outcome.label for outcome in live.outcomes.all()) == ["New measure", "Old measure"]
    assert not CaseStudy.objects.filter(pk=revision.pk).exists()
    assert Bookmark.objects.filter(user=reader, case_study=live).exists()
    assert collection.items.get().case_study == live
    assert list(live.review_messages.values_list("kind", flat=True)) == ["submitted", "published"]
    assert review_emails(author).filter(context__kind="published", context__is_revision=True).exists()
    assert CaseStudy.objects.published().filter(title="New title").count() == 1


def test_a_declined_revision_leaves_the_published_version_as_it_was(curator):
    author = UserFactory()
    live = CaseStudyFactory(author=author, title="Live", topics=[TopicFactory()], care_settings=[CareSettingFactory()])
    revision = case_study_revision_start(case_study=live, by=author)
    revision.title = "Proposed"
    revision.save()
    case_study_submit(case_study=revision, by=author)

    case_study_decline(case_study=revision, by=curator, message="Keep the original.")

    live.refresh_from_db()
    assert live.title == "Live"
    assert live.status == Status.PUBLISHED
    revision.refresh_from_db()
    assert revision.status == Status.DECLINED


def test_the_queue_is_oldest_first_with_who_submitted_and_how_long_ago(client, curator):
    newer = submission(title="Newer submission")
    older = submission(title="Older submission", author=UserFactory(name="Olive Older"))
    CaseStudy.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timezone.timedelta(days=3))
    CaseStudyFactory(status=Status.DRAFT, title="Still a draft")
    client.force_login(curator)

    page = client.get(reverse("casestudies:review_queue")).content.decode()

    assert page.index("Older submission") < page.index("Newer submission")
    assert "Olive Older" in page
    assert "3\xa0days" in page
    assert "Still a draft" not in page
    assert newer.title in page


def test_the_queue_filters_by_topic_and_by_reviewer(client, curator):
    flow = TopicFactory(name="Flow")
    in_flow = submission(title="About flow", topics=[flow])
    other = submission(title="About something else")
    case_study_assign(case_study=other, reviewer=curator, by=curator)
    client.force_login(curator)

    by_topic = client.get(reverse("casestudies:review_queue"), {"topic": flow.slug}).content.decode()
    mine = client.get(reverse("casestudies:review_queue"), {"reviewer": "me"}).content.decode()
    nobody = client.get(reverse("casestudies:review_queue"), {"reviewer": "none"}).content.decode()
    nonsense = client.get(reverse("casestudies:review_queue"), {"reviewer": "x'; drop", "page": "zz"})

    assert in_flow.title in by_topic
    assert other.title not in by_topic
    assert other.title in mine
    assert in_flow.title not in mine
    assert in_flow.title in nobody
    assert other.title not in nobody
    assert nonsense.status_code == 200


def test_a_curator_takes_a_submission_and_assigns_another_curator(client, curator):
    case_study = submission()
    colleague = CuratorFactory(mfa=False)
    client.force_login(curator)

    client.post(
        reverse("casestudies:review_assign", kwargs={"slug": case_study.slug}),
        {"reviewer": str(curator.pk), "next": "queue"},
    )
    case_study.refresh_from_db()
    assert case_study.reviewer == curator
    client.post(reverse("casestudies:review_assign", kwargs={"slug": case_study.slug}), {"reviewer": str(colleague.pk)})
    case_study.refresh_from_db()
    assert case_study.reviewer == colleague
    assert AuditEntry.objects.filter(case_study=case_study, action=AuditEntry.Action.REVIEWER_ASSIGNED).count() == 2


def test_only_a_curator_can_be_assigned(client, curator):
    case_study = submission()
    member = UserFactory()
    client.force_login(curator)

    client.post(reverse("casestudies:review_assign", kwargs={"slug": case_study.slug}), {"reviewer": str(member.pk)})

    case_study.refresh_from_db()
    assert case_study.reviewer is None


def test_the_review_queue_takes_a_fixed_number_of_queries(client, curator, django_assert_max_num_queries):
    for _ in range(3):
        submission()
    client.force_login(curator)
    client.get(reverse("casestudies:review_queue"))

    with django_assert_max_num_queries(14):
        small = client.get(reverse("casestudies:review_queue"))
    for _ in range(12):
        submission(topics=[TopicFactory(), TopicFactory()])
    with django_assert_max_num_queries(14):
        large = client.get(reverse("casestudies:review_queue"))

    assert small.status_code == large.status_code == 200
    assert large.content.decode().count("Take it") == 15


def test_a_curator_writes_to_the_authors_and_they_are_emailed(client, curator):
    case_study = submission()
    author = case_study.authors.get().member
    client.force_login(curator)

    client.post(
        reverse("casestudies:review_comment", kwargs={"slug": case_study.slug}), {"body": "Could you add a chart?"}
    )

    assert case_study.review_messages.filter(kind=ReviewMessage.Kind.COMMENT, author=curator).exists()
    assert review_emails(author).get(context__kind="comment").context["message"] == "Could you add a chart?"


def test_the_review_page_shows_the_submission_thread_and_history(client, curator):
    case_study = submission(title="Reviewable")
    OutcomeMeasureFactory(case_study=case_study)
    client.force_login(curator)

    response = client.get(reverse("casestudies:review_detail", kwargs={"slug": case_study.slug}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Reviewable" in page
    assert "Process lead time" in page
    assert "Record decision" in page
    assert "Submitted for review" in page


def test_the_review_page_of_a_revision_names_what_changed(client, curator):
    author = UserFactory()
    live = CaseStudyFactory(author=author, topics=[TopicFactory()], care_settings=[CareSettingFactory()])
    revision = case_study_revision_start(case_study=live, by=author)
    revision.title = "A clearer title"
    revision.lessons = "New lessons."
    revision.save()
    client.force_login(curator)

    page = client.get(reverse("casestudies:review_detail", kwargs={"slug": revision.slug})).content.decode()

    assert "Changed from the published version: title, lessons learned." in page


@pytest.mark.django_db(transaction=True)
def test_publishing_and_featuring_retire_the_librarys_cached_figures(curator):
    case_study = submission()
    before_publishing = search.library_version()

    case_study_publish(case_study=case_study, by=curator)
    after_publishing = search.library_version()
    case_study_feature(case_study=case_study, by=curator, featured=True)

    assert after_publishing != before_publishing
    assert search.library_version() != after_publishing
