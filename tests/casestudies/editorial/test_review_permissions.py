"""Who may do what in submission and review, checked for every page and every object."""

import pytest
from django.urls import reverse

from casestudies.editorial.models import AuditEntry, ReviewMessage
from casestudies.editorial.services.submission import case_study_submit
from casestudies.library.models import CaseStudy, CaseStudyAuthor, Collection, Status
from outbox.models import OutgoingEmail
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, CollectionFactory, TopicFactory
from tests.casestudies.review_helpers import editor_data
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot(case_study: CaseStudy) -> tuple:
    case_study.refresh_from_db()
    return (case_study.title, case_study.status, case_study.version, case_study.revisions.count())


AUTHOR_PAGES_GET = ["casestudies:edit", "casestudies:conversation"]
AUTHOR_ACTIONS_POST = ["casestudies:edit", "casestudies:conversation", "casestudies:withdraw", "casestudies:revise"]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.PUBLISHED])
@pytest.mark.parametrize("url_name", AUTHOR_PAGES_GET)
def test_a_member_guessing_another_members_case_study_address_gets_404(client, status, url_name):
    case_study = CaseStudyFactory(status=status)
    client.force_login(UserFactory())

    response = client.get(reverse(url_name, kwargs={"slug": case_study.slug}))

    assert response.status_code == 404


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED])
@pytest.mark.parametrize("url_name", AUTHOR_ACTIONS_POST)
def test_a_member_posting_to_another_members_case_study_gets_404_and_nothing_changes(client, status, url_name):
    case_study = CaseStudyFactory(status=status)
    before = snapshot(case_study)
    client.force_login(UserFactory())

    response = client.post(
        reverse(url_name, kwargs={"slug": case_study.slug}), {**editor_data(case_study, title="Hijacked"), "body": "x"}
    )

    assert response.status_code == 404
    assert snapshot(case_study) == before
    assert not ReviewMessage.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_a_curator_who_is_not_an_author_cannot_use_the_authors_edit_page(client):
    case_study = CaseStudyFactory(status=Status.DRAFT)
    before = snapshot(case_study)
    client.force_login(CuratorFactory())

    response = client.post(reverse("casestudies:edit", kwargs={"slug": case_study.slug}), editor_data(case_study))

    assert response.status_code == 404
    assert snapshot(case_study) == before


def test_a_co_author_edits_what_they_co_author_and_nothing_else(client):
    co_author = UserFactory()
    shared = CaseStudyFactory(status=Status.DRAFT)
    CaseStudyAuthor.objects.create(case_study=shared, member=co_author, position=1)
    not_shared = CaseStudyFactory(status=Status.DRAFT)
    client.force_login(co_author)

    allowed = client.post(
        reverse("casestudies:edit", kwargs={"slug": shared.slug}), editor_data(shared, title="Co-written")
    )
    refused = client.post(
        reverse("casestudies:edit", kwargs={"slug": not_shared.slug}), editor_data(not_shared, title="Co-written")
    )

    assert allowed.status_code == 302
    assert refused.status_code == 404
    shared.refresh_from_db()
    not_shared.refresh_from_db()
    assert shared.title == "Co-written"
    assert not_shared.title != "Co-written"


def test_a_co_author_can_withdraw_a_shared_submission(client):
    co_author = UserFactory()
    case_study = CaseStudyFactory(status=Status.SUBMITTED)
    CaseStudyAuthor.objects.create(case_study=case_study, member=co_author, position=1)
    client.force_login(co_author)

    client.post(reverse("casestudies:withdraw", kwargs={"slug": case_study.slug}))

    case_study.refresh_from_db()
    assert case_study.status == Status.DRAFT


@pytest.mark.parametrize("url_name", ["casestudies:new", "casestudies:mine"])
def test_visitors_are_asked_to_sign_in_to_write(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_member_without_a_confirmed_email_cannot_submit(client):
    client.force_login(UserFactory(verified=False))

    page = client.get(reverse("casestudies:new"))
    post = client.post(reverse("casestudies:new"), editor_data())

    assert page.status_code == 403
    assert post.status_code == 403
    assert not CaseStudy.objects.exists()


def curator_posts(case_study: CaseStudy, collection: Collection) -> list[tuple[str, dict, dict]]:
    slug = {"slug": case_study.slug}
    return [
        ("casestudies:review_decide", slug, {"decision": "publish"}),
        ("casestudies:review_decide", slug, {"decision": "decline", "message": "No"}),
        ("casestudies:review_assign", slug, {"reviewer": ""}),
        ("casestudies:review_comment", slug, {"body": "Hello"}),
        ("casestudies:review_feature", slug, {"featured": "1"}),
        ("casestudies:review_collection_new", {}, {"title": "Mine", "slug": "mine"}),
        ("casestudies:review_collection_edit", {"slug": collection.slug}, {"title": "Renamed", "slug": "renamed"}),
        ("casestudies:review_term_merge", {"kind": "topic"}, {"source": "1", "target": "2"}),
    ]


def curator_pages(case_study: CaseStudy, collection: Collection) -> list[str]:
    return [
        reverse("casestudies:review_queue"),
        reverse("casestudies:review_detail", kwargs={"slug": case_study.slug}),
        reverse("casestudies:review_collections"),
        reverse("casestudies:review_collection_new"),
        reverse("casestudies:review_collection_edit", kwargs={"slug": collection.slug}),
        reverse("casestudies:review_taxonomy"),
        reverse("casestudies:review_history"),
    ]


@pytest.fixture
def submitted():
    author = UserFactory()
    case_study = CaseStudyFactory(
        status=Status.DRAFT, author=author, topics=[TopicFactory()], care_settings=[CareSettingFactory()]
    )
    return case_study_submit(case_study=case_study, by=author)


@pytest.mark.parametrize("who", ["author", "member", "curator_without_mfa"])
def test_nobody_but_curators_with_two_factor_publishes_declines_features_or_edits_collections(client, submitted, who):
    collection = CollectionFactory(title="Kept")
    author = submitted.authors.get().member
    user = {"author": author, "member": UserFactory(), "curator_without_mfa": CuratorFactory(mfa=False)}[who]
    client.force_login(user)
    before = snapshot(submitted)
    emails_before = OutgoingEmail.objects.count()
    audit_before = AuditEntry.objects.count()

    for url_name, kwargs, data in curator_posts(submitted, collection):
        response = client.post(reverse(url_name, kwargs=kwargs), data)
        if who == "curator_without_mfa":
            assert (response.status_code, response.url) == (302, reverse("mfa_index")), url_name
        else:
            assert response.status_code == 403, url_name

    assert snapshot(submitted) == before
    assert not submitted.featured
    assert list(Collection.objects.values_list("title", flat=True)) == ["Kept"]
    assert OutgoingEmail.objects.count() == emails_before
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("who", ["visitor", "member", "curator_without_mfa", "curator"])
def test_curator_pages_are_for_curators_with_two_factor_only(client, submitted, who):
    collection = CollectionFactory()
    makers = {
        "member": UserFactory,
        "curator_without_mfa": lambda: CuratorFactory(mfa=False),
        "curator": CuratorFactory,
    }
    if who != "visitor":
        client.force_login(makers[who]())

    for url in curator_pages(submitted, collection):
        response = client.get(url)
        expected = {"visitor": 302, "member": 403, "curator_without_mfa": 302, "curator": 200}[who]
        assert response.status_code == expected, url
        if who == "visitor":
            assert response.url.startswith(reverse("account_login"))


def test_review_actions_only_accept_post(client, submitted):
    client.force_login(CuratorFactory())

    response = client.get(reverse("casestudies:review_decide", kwargs={"slug": submitted.slug}))

    assert response.status_code == 405


def test_an_unknown_case_study_or_term_kind_is_404_for_curators(client):
    client.force_login(CuratorFactory())

    assert client.get(reverse("casestudies:review_detail", kwargs={"slug": "nope"})).status_code == 404
    merge = client.post(reverse("casestudies:review_term_merge", kwargs={"kind": "planets"}), {})
    assert merge.status_code == 404


def test_the_header_links_curators_to_the_review_queue_and_nobody_else(client):
    queue = reverse("casestudies:review_queue")
    client.force_login(UserFactory())
    assert f'href="{queue}"' not in client.get(reverse("home")).content.decode()

    client.force_login(CuratorFactory())
    assert f'href="{queue}"' in client.get(reverse("home")).content.decode()
