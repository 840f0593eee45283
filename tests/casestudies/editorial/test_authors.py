"""Authors that make sense: you first with your own role, co-authors who are members (told by email,
able to leave) or named people who are not, an order changed without JavaScript."""

import pytest
from django.urls import reverse

from casestudies.library.models import CaseStudy, CaseStudyAuthor, Status
from outbox.models import OutgoingEmail
from tests.casestudies.factories import CaseStudyFactory
from tests.casestudies.review_helpers import editor_data
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(named_author):
    return named_author


def byline(case_study):
    return [(a.display_name, a.role) for a in case_study.authors.select_related("member").order_by("position", "id")]


def test_a_new_case_study_lists_you_first_with_your_job_title_as_your_role(client, author):
    page = client.get(reverse("casestudies:new")).content.decode()

    assert "You: Ada Author" in page
    assert 'name="me-role"' in page
    assert 'value="Ward manager"' in page
    assert "Author 1" not in page


def test_your_own_role_is_saved_first_and_shown_on_the_page(client, author):
    data = editor_data(co_authors=[{"name": "Sam Outsider", "role": "Patient partner"}])
    data["me-role"] = "Project lead"

    client.post(reverse("casestudies:new"), data)

    case_study = CaseStudy.objects.get()
    assert byline(case_study) == [("Ada Author", "Project lead"), ("Sam Outsider", "Patient partner")]
    CaseStudy.objects.filter(pk=case_study.pk).update(status=Status.PUBLISHED)
    page = client.get(case_study.get_absolute_url()).content.decode()
    assert "Project lead" in page


def test_on_editing_your_own_row_says_you_and_your_role_can_be_changed(client, author):
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author)
    page = client.get(reverse("casestudies:edit", kwargs={"slug": case_study.slug})).content.decode()
    assert "1. You: Ada Author" in page

    client.post(reverse("casestudies:edit", kwargs={"slug": case_study.slug}), _with_role(case_study, "Clinical lead"))

    assert byline(case_study) == [("Ada Author", "Clinical lead")]


def _with_role(case_study, role):
    data = editor_data(case_study)
    data["authors-0-role"] = role
    return data


def test_a_named_co_author_listed_twice_is_refused_on_the_field(client, author):
    response = client.post(
        reverse("casestudies:new"), editor_data(co_authors=[{"name": "Sam Smith"}, {"name": " sam  smith "}])
    )

    assert response.status_code == 400
    assert "This person is already listed as an author." in response.content.decode()
    assert 'href="#id_authors-1-name"' in response.content.decode()
    assert not CaseStudy.objects.exists()


def test_a_member_added_as_co_author_is_told_by_email_once(client, author):
    colleague = UserFactory(name="Colin Colleague")

    client.post(reverse("casestudies:new"), editor_data(co_authors=[{"email": colleague.email}]))
    case_study = CaseStudy.objects.get()
    client.post(reverse("casestudies:edit", kwargs={"slug": case_study.slug}), editor_data(case_study))

    emails = OutgoingEmail.objects.filter(template_name="case_study_co_author")
    assert emails.count() == 1
    email = emails.get()
    assert email.recipient_id == colleague.pk
    assert email.context["added_by"] == "Ada Author"
    assert email.context["review_path"] == reverse("casestudies:conversation", kwargs={"slug": case_study.slug})


def test_a_co_author_can_take_themself_off(client, author):
    colleague = UserFactory()
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author)
    CaseStudyAuthor.objects.create(case_study=case_study, member=colleague, position=1)
    client.force_login(colleague)

    page = client.get(reverse("casestudies:conversation", kwargs={"slug": case_study.slug})).content.decode()
    response = client.post(reverse("casestudies:leave", kwargs={"slug": case_study.slug}))

    assert "Take me off the authors" in page
    assert response["Location"] == reverse("casestudies:mine")
    assert list(case_study.authors.values_list("member", flat=True)) == [author.pk]


def test_the_only_member_author_cannot_leave(client, author):
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author)

    response = client.post(reverse("casestudies:leave", kwargs={"slug": case_study.slug}), follow=True)

    assert "only author who is a member" in response.content.decode()
    assert case_study.authors.count() == 1


def test_someone_who_is_not_an_author_cannot_leave_or_see_the_page(client):
    case_study = CaseStudyFactory(status=Status.DRAFT)
    client.force_login(UserFactory())

    assert client.post(reverse("casestudies:leave", kwargs={"slug": case_study.slug})).status_code == 404
    assert case_study.authors.count() == 1


def test_an_author_is_moved_up_without_javascript_and_the_form_is_saved_too(client, author):
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author)
    sam = CaseStudyAuthor.objects.create(case_study=case_study, name="Sam Outsider", position=1)

    data = editor_data(case_study, title="Retitled")
    data["move_author"] = f"{sam.pk}:up"
    response = client.post(reverse("casestudies:edit", kwargs={"slug": case_study.slug}), data)

    assert response.status_code == 302
    assert response["Location"].endswith("#authors")
    assert [name for name, _role in byline(case_study)] == ["Sam Outsider", "Ada Author"]
    case_study.refresh_from_db()
    assert case_study.title == "Retitled"
