"""The submission form in steps: each saved as a draft, a progress list to jump with, errors on
their step, nothing lost when the session ends, a preview, and sending from the check step."""

import pytest
from django.urls import reverse

from casestudies.editorial.steps import STEPS
from casestudies.library.models import CaseStudy, Status
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, TopicFactory
from tests.members.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(named_author):
    return named_author


def step(case_study, slug):
    return reverse("casestudies:step", kwargs={"slug": case_study.slug, "step": slug})


def about(**fields):
    return {"step": "about", "title": "Shorter waits", "summary": "", "me-role": "Lead", "region": ""} | fields


def draft(author, **kwargs):
    return CaseStudyFactory(status=Status.DRAFT, author=author, **kwargs)


def test_share_starts_with_the_first_step_and_saving_it_makes_a_draft(client, author):
    page = client.get(reverse("casestudies:new")).content.decode()
    assert "About the work" in page
    assert 'aria-current="step"' in page
    assert "You: Ada Author" in page
    assert 'name="problem"' not in page

    response = client.post(reverse("casestudies:new"), about())

    case_study = CaseStudy.objects.get()
    assert response["Location"] == step(case_study, "story")
    assert case_study.status == Status.DRAFT
    assert case_study.authors.get().role == "Lead"


def test_a_step_saves_its_own_part_and_goes_on_to_the_next(client, author):
    case_study = draft(author, problem="", actions="")

    response = client.post(
        step(case_study, "story"),
        {
            "step": "story",
            "version": case_study.version,
            "problem": "Long waits.",
            "actions": "Huddles.",
            "results": "",
            "lessons": "",
            "next_steps": "",
        },
    )

    assert response["Location"] == step(case_study, "results")
    case_study.refresh_from_db()
    assert (case_study.problem, case_study.actions, case_study.title) == ("Long waits.", "Huddles.", case_study.title)


def test_the_progress_list_saves_the_step_and_jumps_where_asked(client, author):
    case_study = draft(author)

    response = client.post(
        step(case_study, "about"),
        {
            "step": "about",
            "version": case_study.version,
            "title": "Renamed",
            "summary": "",
            "region": "",
            "go": "files",
        },
    )

    assert response["Location"] == step(case_study, "files")
    case_study.refresh_from_db()
    assert case_study.title == "Renamed"


def test_errors_are_shown_on_their_step_and_summarised_at_the_top(client, author):
    case_study = draft(author)

    response = client.post(
        step(case_study, "about"), {"step": "about", "version": case_study.version, "title": "", "summary": ""}
    )
    page = response.content.decode()

    assert response.status_code == 400
    assert "There is a problem" in page
    assert 'href="#id_title"' in page
    assert "About the work" in page


def test_a_second_tab_saving_an_older_version_is_told_and_nothing_is_saved(client, author):
    case_study = draft(author, problem="First text.")
    old_version = case_study.version
    data = {"step": "story", "problem": "Tab one.", "actions": "", "results": "", "lessons": "", "next_steps": ""}
    client.post(step(case_study, "story"), data | {"version": old_version})

    response = client.post(step(case_study, "story"), data | {"problem": "Tab two.", "version": old_version})

    assert response.status_code == 409
    assert "Your changes have not been saved" in response.content.decode()
    assert "Tab two." in response.content.decode()
    case_study.refresh_from_db()
    assert case_study.problem == "Tab one."


@pytest.mark.parametrize("slug", [s.slug for s in STEPS])
def test_every_step_runs_a_fixed_number_of_queries(client, author, slug, django_assert_max_num_queries):
    case_study = draft(author, topics=[TopicFactory()], care_settings=[CareSettingFactory()])
    with django_assert_max_num_queries(40) as few:
        client.get(step(case_study, slug))
    for number in range(6):
        TopicFactory()
        case_study.outcomes.create(label=f"Measure {number}", before=1, after=2)
        case_study.links.create(title=f"Link {number}", url="https://example.org/")
        case_study.authors.create(name=f"Co-author {number}", position=number + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(step(case_study, slug))


def test_sending_from_the_check_step_names_what_is_missing_with_links_to_its_step(client, author):
    case_study = draft(author, summary="", problem="")

    response = client.post(step(case_study, "check"), {"action": "submit"})
    page = response.content.decode()

    assert response.status_code == 400
    assert "It has not been sent yet" in page
    assert f'href="{step(case_study, "story")}"' in page
    case_study.refresh_from_db()
    assert case_study.status == Status.DRAFT


def test_a_complete_case_study_is_sent_from_the_check_step(client, author):
    case_study = draft(author, topics=[TopicFactory()], care_settings=[CareSettingFactory()])

    response = client.post(step(case_study, "check"), {"action": "submit"})

    assert response["Location"] == reverse("casestudies:conversation", kwargs={"slug": case_study.slug})
    case_study.refresh_from_db()
    assert case_study.status == Status.SUBMITTED


def test_what_was_typed_when_the_session_ended_is_put_back_after_signing_in(client, author):
    case_study = draft(author)
    client.logout()

    response = client.post(
        step(case_study, "story"),
        {
            "step": "story",
            "version": case_study.version,
            "problem": "Words I must not lose.",
            "actions": "",
            "results": "",
            "lessons": "",
            "next_steps": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    signed_in = client.post(response["Location"], {"login": author.email, "password": PASSWORD})
    assert step(case_study, "story").replace("/", "%2F") in signed_in["Location"] or signed_in["Location"] == step(
        case_study, "story"
    )

    page = client.get(step(case_study, "story")).content.decode()

    assert "Your session ended before this step was saved" in page
    assert "Words I must not lose." in page
    case_study.refresh_from_db()
    assert case_study.problem != "Words I must not lose."
    assert "Words I must not lose." not in client.get(step(case_study, "story")).content.decode()


def test_the_preview_shows_the_case_study_as_readers_will_see_it(client, author):
    case_study = draft(author, title="Fewer falls", problem="Falls were common.")

    page = client.get(reverse("casestudies:preview", kwargs={"slug": case_study.slug})).content.decode()

    assert "This is a preview" in page
    assert "Falls were common." in page
    assert "Only its authors and curators can see" not in page
    assert f'href="{step(case_study, "check")}"' in page


def test_nobody_else_can_preview_or_open_a_step(client, author):
    case_study = draft(author)
    client.force_login(UserFactory())

    assert client.get(reverse("casestudies:preview", kwargs={"slug": case_study.slug})).status_code == 404
    assert client.get(step(case_study, "about")).status_code == 404


def test_an_unknown_step_is_not_found(client, author):
    case_study = draft(author)

    assert client.get(step(case_study, "nonsense")).status_code == 404


def test_a_cover_image_of_the_wrong_kind_is_refused_on_its_field_and_the_draft_kept(client, author):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case_study = draft(author, title="Kept title")
    not_an_image = SimpleUploadedFile("cover.png", b"just some text, not a picture", content_type="image/png")

    response = client.post(
        step(case_study, "files"),
        {
            "step": "files",
            "version": case_study.version,
            "cover_image": not_an_image,
            "cover_image_alt": "A ward",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
            "links-MIN_NUM_FORMS": "0",
            "links-MAX_NUM_FORMS": "1000",
        },
    )
    page = response.content.decode()

    assert response.status_code == 400
    assert 'href="#id_cover_image"' in page
    assert 'value="A ward"' in page
    case_study.refresh_from_db()
    assert not case_study.cover_image
    assert case_study.title == "Kept title"
