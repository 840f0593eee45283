"""Co-authors found by name (or email address): offered as the author types (htmx) and as a plain
search without JavaScript; only members who may be found, and never anyone's email address."""

import pytest
from django.urls import reverse

from casestudies.library.models import CaseStudyAuthor, Status
from members.models import Block, ProfileVisibility
from outbox.models import OutgoingEmail
from tests.casestudies.factories import CaseStudyFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

SUGGEST = "/me/co-authors/suggest/"


@pytest.fixture
def author(client):
    member = UserFactory(name="Ada Author", job_title="Ward manager")
    client.force_login(member)
    return member


@pytest.fixture
def draft(author):
    return CaseStudyFactory(status=Status.DRAFT, author=author)


def people_step(case_study):
    return reverse("casestudies:step", kwargs={"slug": case_study.slug, "step": "people"})


def people_data(case_study, **fields):
    """What the people step posts: the authors as they are, no new rows, the organisation box empty."""
    authors = list(case_study.authors.select_related("member").order_by("position", "id"))
    data = {
        "step": "people",
        "version": str(case_study.version),
        "organisations": [],
        "new_organisation": "",
        "authors-TOTAL_FORMS": str(len(authors)),
        "authors-INITIAL_FORMS": str(len(authors)),
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "coauthor-q": "",
    }
    for index, row in enumerate(authors):
        data |= {
            f"authors-{index}-id": str(row.pk),
            f"authors-{index}-case_study": str(case_study.pk),
            f"authors-{index}-name": row.name,
            f"authors-{index}-role": row.role,
        }
    return data | fields


def suggest(client, text):
    return client.get(SUGGEST, {"coauthor-q": text}, headers={"HX-Request": "true"})


def test_members_are_offered_by_name_as_you_type_without_their_email_address(client, author):
    colin = UserFactory(name="Colin Colleague", job_title="Matron", email="colin@example.org")

    response = suggest(client, "colin coll")
    page = response.content.decode()

    assert response.status_code == 200
    assert "Colin Colleague" in page
    assert "Matron" in page
    assert f'name="coauthor-add" value="{colin.pk}"' in page
    assert "colin@example.org" not in page
    assert "<html" not in page


def test_a_member_is_offered_for_their_whole_email_address_but_not_a_part_of_it(client, author):
    UserFactory(name="Colin Colleague", email="colin@example.org")

    assert "Colin Colleague" in suggest(client, "Colin@Example.org").content.decode()
    assert "Colin Colleague" not in suggest(client, "colin@exa").content.decode()


def test_hidden_deleted_and_blocked_members_and_you_are_never_offered(client, author):
    UserFactory(name="Hana Hidden", profile_visibility=ProfileVisibility.HIDDEN)
    UserFactory(name="Hana Gone", is_active=False)
    blocker = UserFactory(name="Hana Blocker")
    blocked = UserFactory(name="Hana Blocked")
    Block.objects.create(blocker=blocker, blocked=author)
    Block.objects.create(blocker=author, blocked=blocked)
    UserFactory(name="Hana Visible")

    page = suggest(client, "hana").content.decode()

    assert "Hana Visible" in page
    for name in ("Hana Hidden", "Hana Gone", "Hana Blocker", "Hana Blocked"):
        assert name not in page
    assert "Ada Author" not in suggest(client, "ada").content.decode()


def test_the_suggestions_address_without_htmx_leads_away_and_visitors_sign_in(client, author):
    assert client.get(SUGGEST, {"coauthor-q": "colin"}).status_code == 302
    client.logout()
    assert client.get(SUGGEST, {"coauthor-q": "colin"})["Location"].startswith(reverse("account_login"))


def test_the_suggestions_run_a_fixed_number_of_queries(client, author, django_assert_max_num_queries):
    UserFactory(name="Quinn One")
    with django_assert_max_num_queries(12) as few:
        suggest(client, "quinn")
    for number in range(8):
        UserFactory(name=f"Quinn {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Quinn 7" in suggest(client, "quinn").content.decode()


def test_without_javascript_the_find_button_lists_members_to_add_and_saves_nothing(client, author, draft):
    UserFactory(name="Colin Colleague", email="colin@example.org")
    version = draft.version

    response = client.post(people_step(draft), people_data(draft, action="find_member", **{"coauthor-q": "colin"}))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Add Colin Colleague as a co-author" in page
    assert 'value="colin"' in page
    assert "colin@example.org" not in page
    draft.refresh_from_db()
    assert draft.version == version


def test_without_javascript_a_name_nobody_has_says_so(client, author, draft):
    response = client.post(people_step(draft), people_data(draft, action="find_member", **{"coauthor-q": "zebedee"}))

    assert "No member we can show you is called “zebedee”" in response.content.decode()


def test_choosing_a_member_adds_them_as_co_author_tells_them_and_returns_to_the_authors(client, author, draft):
    colin = UserFactory(name="Colin Colleague", email="colin@example.org")

    response = client.post(people_step(draft), people_data(draft, **{"coauthor-add": str(colin.pk)}))

    assert response.status_code == 302
    assert response["Location"] == people_step(draft) + "#authors"
    assert list(draft.authors.order_by("position").values_list("member", flat=True)) == [author.pk, colin.pk]
    assert OutgoingEmail.objects.filter(template_name="case_study_co_author", recipient=colin).count() == 1
    page = client.get(people_step(draft)).content.decode()
    assert "Colin Colleague" in page
    assert "colin@example.org" not in page


def test_a_member_co_author_row_keeps_its_member_without_showing_their_address(client, author, draft):
    colin = UserFactory(name="Colin Colleague", email="colin@example.org")
    CaseStudyAuthor.objects.create(case_study=draft, member=colin, position=1, role="Matron")

    page = client.get(people_step(draft)).content.decode()
    data = people_data(draft, **{"authors-1-role": "Senior matron"})
    response = client.post(people_step(draft), data)

    assert "colin@example.org" not in page
    assert response.status_code == 302
    row = draft.authors.get(member=colin)
    assert row.role == "Senior matron"


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ("me", "That is you: you are already one of its authors."),
        ("colleague", "Colin Colleague is already one of its authors."),
        ("hidden", "Choose a member from the list offered"),
        ("blocked", "Choose a member from the list offered"),
        ("99999999", "Choose a member from the list offered"),
        ("not-a-number", "Choose a member from the list offered"),
    ],
)
def test_a_member_who_cannot_be_added_is_refused_on_the_field(client, author, draft, chosen, message):
    colin = UserFactory(name="Colin Colleague")
    CaseStudyAuthor.objects.create(case_study=draft, member=colin, position=1)
    blocker = UserFactory(name="Hana Blocker")
    Block.objects.create(blocker=blocker, blocked=author)
    ids = {
        "me": author.pk,
        "colleague": colin.pk,
        "hidden": UserFactory(profile_visibility=ProfileVisibility.HIDDEN).pk,
        "blocked": blocker.pk,
    }
    version = draft.version

    response = client.post(people_step(draft), people_data(draft, **{"coauthor-add": str(ids.get(chosen, chosen))}))
    page = response.content.decode()

    assert response.status_code == 400
    assert message in page
    assert 'href="#id_coauthor-q"' in page
    assert draft.authors.count() == 2
    draft.refresh_from_db()
    assert draft.version == version


def test_a_member_typed_as_a_row_and_chosen_as_well_is_refused(client, author, draft):
    colin = UserFactory(name="Colin Colleague", email="colin@example.org")
    data = people_data(draft, **{"coauthor-add": str(colin.pk)})
    index = int(data["authors-TOTAL_FORMS"])
    data |= {
        "authors-TOTAL_FORMS": str(index + 1),
        f"authors-{index}-email": "colin@example.org",
        f"authors-{index}-name": "",
        f"authors-{index}-role": "",
    }

    response = client.post(people_step(draft), data)

    assert response.status_code == 400
    assert "Colin Colleague is already one of its authors." in response.content.decode()
    assert draft.authors.count() == 1


def test_the_one_page_form_adds_a_chosen_member_too(client, author, draft):
    from tests.casestudies.review_helpers import editor_data

    colin = UserFactory(name="Colin Colleague")

    data = editor_data(draft, **{"coauthor-add": colin.pk})
    client.post(reverse("casestudies:edit", kwargs={"slug": draft.slug}), data)

    assert draft.authors.filter(member=colin).exists()


def test_moving_an_author_on_the_people_step_moves_them_and_stays_on_the_step(client, author, draft):
    sam = CaseStudyAuthor.objects.create(case_study=draft, name="Sam Outsider", position=1)

    response = client.post(people_step(draft), people_data(draft, move_author=f"{sam.pk}:up"))

    assert response["Location"] == people_step(draft) + "#authors"
    assert list(draft.authors.order_by("position").values_list("name", flat=True)) == ["Sam Outsider", ""]


def test_the_people_step_and_its_find_button_run_a_fixed_number_of_queries(
    client, author, draft, django_assert_max_num_queries
):
    CaseStudyAuthor.objects.create(case_study=draft, member=UserFactory(name="Colin One"), position=1)
    UserFactory(name="Colin Found")
    with django_assert_max_num_queries(45) as few:
        client.get(people_step(draft))
        client.post(people_step(draft), people_data(draft, action="find_member", **{"coauthor-q": "colin found"}))
    for number in range(6):
        colleague = UserFactory(name=f"Colin {number}")
        CaseStudyAuthor.objects.create(case_study=draft, member=colleague, position=number + 2)
        UserFactory(name=f"Colin Found {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(people_step(draft))
        page = client.post(
            people_step(draft), people_data(draft, action="find_member", **{"coauthor-q": "colin found"})
        )
    assert "Add Colin Found 5 as a co-author" in page.content.decode()


def test_enter_pressed_with_a_name_in_the_co_author_box_finds_rather_than_saves(client, author, draft):
    UserFactory(name="Colin Colleague")
    version = draft.version

    response = client.post(people_step(draft), people_data(draft, action="enter", **{"coauthor-q": "colin"}))

    assert "Add Colin Colleague as a co-author" in response.content.decode()
    draft.refresh_from_db()
    assert draft.version == version
    saved = client.post(people_step(draft), people_data(draft, action="enter"))
    assert saved.status_code == 302
