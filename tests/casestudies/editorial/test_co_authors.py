"""Co-authors on the submission form: adding members and named co-authors, and saving at the same moment."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from casestudies.editorial.forms.case_study import CaseStudyEditor
from casestudies.editorial.services.errors import StaleEdit
from casestudies.editorial.services.submission import case_study_update
from casestudies.library.models import CaseStudy, CaseStudyAuthor
from tests.casestudies.factories import CaseStudyFactory
from tests.casestudies.review_helpers import draft_of, editor_data
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_author_adds_a_member_and_a_named_co_author_and_the_member_can_edit_it(client, author):
    colleague = UserFactory(email="colleague@example.org")

    client.post(
        reverse("casestudies:new"),
        editor_data(co_authors=[{"email": "Colleague@Example.org", "role": "Analyst"}, {"name": "Dr Nadia Khan"}]),
    )

    case_study = CaseStudy.objects.get()
    byline = [(a.member, a.name, a.position) for a in case_study.authors.all()]
    assert byline == [(author, "", 0), (colleague, "", 1), (None, "Dr Nadia Khan", 2)]
    client.force_login(colleague)
    assert client.get(reverse("casestudies:edit", kwargs={"slug": case_study.slug})).status_code == 200


def test_an_unknown_member_address_is_refused_and_the_form_kept(client, author):
    response = client.post(
        reverse("casestudies:new"), editor_data(title="Kept title", co_authors=[{"email": "nobody@example.org"}])
    )

    assert response.status_code == 400
    assert "No member has this address" in response.content.decode()
    assert "Kept title" in response.content.decode()
    assert not CaseStudy.objects.exists()


def test_an_author_cannot_list_themself_again_or_anyone_twice(client, author):
    colleague = UserFactory()

    again = client.post(reverse("casestudies:new"), editor_data(co_authors=[{"email": author.email}]))
    twice = client.post(
        reverse("casestudies:new"), editor_data(co_authors=[{"email": colleague.email}, {"email": colleague.email}])
    )

    assert again.status_code == 400
    assert "That is you: you are already listed first" in again.content.decode()
    assert 'href="#id_authors-0-email"' in again.content.decode()
    assert twice.status_code == 400
    assert "This member is already listed as an author." in twice.content.decode()
    assert 'href="#id_authors-1-email"' in twice.content.decode()
    assert not CaseStudy.objects.exists()


def test_an_author_cannot_take_themself_off_the_byline(client, author):
    case_study = draft_of(author)
    data = editor_data(case_study, title="Changed")
    data["authors-0-DELETE"] = "on"

    response = client.post(reverse("casestudies:edit", kwargs={"slug": case_study.slug}), data)

    assert response.status_code == 400
    assert "You cannot take yourself off the authors" in response.content.decode()
    assert case_study.authors.filter(member=author).exists()
    case_study.refresh_from_db()
    assert case_study.title != "Changed"


def test_the_case_study_page_points_its_authors_to_editing_and_others_not(client, author):
    case_study = CaseStudyFactory(author=author)

    own = client.get(case_study.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    other = client.get(case_study.get_absolute_url()).content.decode()

    edit_url = reverse("casestudies:edit", kwargs={"slug": case_study.slug})
    assert edit_url in own
    assert edit_url not in other


@pytest.mark.django_db(transaction=True)
def test_two_co_authors_saving_at_the_same_moment_one_save_wins_and_the_other_is_refused():
    first, second = UserFactory(), UserFactory()
    case_study = draft_of(first)
    CaseStudyAuthor.objects.create(case_study=case_study, member=second, position=1)
    opened = editor_data(case_study)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(member, title: str) -> None:
        try:
            editor = CaseStudyEditor(
                {**opened, "title": title}, instance=CaseStudy.objects.get(pk=case_study.pk), editor=member
            )
            assert editor.is_valid(), editor.errors()
            start.wait(timeout=10)
            case_study_update(editor=editor, by=member, version=editor.submitted_version)
            outcomes[title] = "saved"
        except StaleEdit:
            outcomes[title] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(m, t)) for m, t in ((first, "First"), (second, "Second"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "saved"]
    case_study.refresh_from_db()
    assert case_study.title == next(title for title, outcome in outcomes.items() if outcome == "saved")
    assert case_study.version == 2
