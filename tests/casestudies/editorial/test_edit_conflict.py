"""Two tabs editing the same draft: the second one to save sees its text beside the saved text, field
by field, keeps what it typed, and chooses to save over (having seen) or to take the saved one."""

import re

import pytest
from django.urls import reverse

from casestudies.library.models import Status
from tests.casestudies.factories import CaseStudyFactory
from tests.casestudies.review_helpers import editor_data
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client):
    member = UserFactory(name="Ada Author")
    client.force_login(member)
    return member


def story_step(case_study):
    return reverse("casestudies:step", kwargs={"slug": case_study.slug, "step": "story"})


def story(version, **fields):
    return {
        "step": "story",
        "version": str(version),
        "problem": "Patients waited weeks.",
        "actions": "Daily huddles.",
        "results": "",
        "lessons": "",
        "next_steps": "",
    } | fields


@pytest.fixture
def conflict(client, author):
    """The first tab saved the story; the second, opened before that, now saves its own."""
    case_study = CaseStudyFactory(
        status=Status.DRAFT, author=author, problem="Patients waited weeks.", actions="Daily huddles."
    )
    opened = case_study.version
    client.post(story_step(case_study), story(opened, problem="Patients waited many weeks for surgery."))
    response = client.post(story_step(case_study), story(opened, problem="Patients waited weeks for a bed."))
    return case_study, response


def test_the_second_tab_sees_both_texts_of_each_field_that_differs(conflict):
    _case_study, response = conflict
    page = response.content.decode()

    assert response.status_code == 409
    assert "Someone saved this step while you were editing it" in page
    region = page[page.index('id="conflict"') :]
    assert "The problem and its context" in region
    assert "Patients waited many weeks for surgery." in region
    assert "<ins>for a bed.</ins>" in region or "<ins>a bed.</ins>" in region
    assert "<del>" in region
    # Fields both tabs left alone are not listed.
    assert "What we did" not in region[: region.index("<form")]


def test_what_the_second_tab_typed_stays_in_the_form_and_nothing_is_saved(conflict):
    case_study, response = conflict
    page = response.content.decode()

    assert re.search(r'<textarea name="problem"[^>]*>\s*Patients waited weeks for a bed\.</textarea>', page)
    case_study.refresh_from_db()
    assert case_study.problem == "Patients waited many weeks for surgery."


def test_keeping_your_own_text_saves_it_over_the_other_once_seen(client, conflict):
    case_study, response = conflict
    page = response.content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    case_study.refresh_from_db()
    assert int(version) == case_study.version
    assert "Save my version over it" in page

    saved = client.post(story_step(case_study), story(version, problem="Patients waited weeks for a bed."))

    assert saved.status_code == 302
    case_study.refresh_from_db()
    assert case_study.problem == "Patients waited weeks for a bed."


def test_taking_the_saved_version_opens_the_step_with_the_saved_text(client, conflict):
    case_study, response = conflict
    page = response.content.decode()

    assert f'href="{story_step(case_study)}"' in page
    assert "Use the saved version" in page
    assert "Patients waited many weeks for surgery." in client.get(story_step(case_study)).content.decode()


def test_tags_that_differ_are_shown_as_added_and_removed(client, author):
    from tests.casestudies.factories import TopicFactory

    falls, flow = TopicFactory(name="Falls"), TopicFactory(name="Patient flow")
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author, topics=[falls])
    url = reverse("casestudies:step", kwargs={"slug": case_study.slug, "step": "about"})
    base = {"step": "about", "title": case_study.title, "summary": "", "region": "", "version": case_study.version}
    client.post(url, base | {"topics": [falls.pk, flow.pk]})

    response = client.post(url, base | {"topics": []})
    region = response.content.decode().split('id="conflict"')[1]

    assert response.status_code == 409
    assert "Topics" in region
    assert "Falls" in region
    assert "Patient flow" in region


def test_the_one_page_form_shows_both_texts_too(client, author):
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author, summary="First summary.")
    url = reverse("casestudies:edit", kwargs={"slug": case_study.slug})
    client.post(url, editor_data(case_study, summary="Summary from tab one."))

    tab_two = editor_data(case_study, summary="Summary from tab two.", version=str(case_study.version))
    response = client.post(url, tab_two)
    page = response.content.decode()

    assert response.status_code == 409
    assert "Summary from tab one." in page.split('id="conflict"')[1]
    assert "Summary from tab two." in page


def test_the_page_showing_both_texts_runs_a_fixed_number_of_queries(client, author, django_assert_max_num_queries):
    from casestudies.library.models import CaseStudyAuthor

    def clash(case_study, most):
        url = reverse("casestudies:step", kwargs={"slug": case_study.slug, "step": "people"})
        data = editor_data(case_study, step="people")
        client.post(url, data)
        with django_assert_max_num_queries(most) as counted:
            assert client.post(url, data | {"authors-0-role": "Lead"}).status_code == 409
        return len(counted.captured_queries)

    few = clash(CaseStudyFactory(status=Status.DRAFT, author=author), 60)
    many_rows = CaseStudyFactory(status=Status.DRAFT, author=author)
    for number in range(6):
        member = UserFactory()
        CaseStudyAuthor.objects.create(case_study=many_rows, member=member, position=number + 1)
        many_rows.outcomes.create(label=f"Measure {number}", before=1, after=2)
    clash(many_rows, few)
