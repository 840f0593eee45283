"""The pages of the submission form that the URL walk cannot reach with a GET: every step of a
draft with rows filled in, and the answers to its buttons (the Find buttons, a co-author refused,
a save that met a newer version), read by the Nu HTML Checker and for leftovers."""

import pytest
from django.urls import reverse

from casestudies.editorial.steps import STEPS
from casestudies.library.models import CaseStudyAuthor, Status
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.casestudies.review_helpers import editor_data
from tests.members.factories import UserFactory
from tests.reading import MarkupChecks, text_problems

pytestmark = pytest.mark.django_db


def test_every_step_and_every_answer_of_the_form_is_valid_markup_and_reads_well(client, nu_checker):
    author = UserFactory(name="Ada Author")
    colin = UserFactory(name="Colin Colleague", job_title="Matron")
    case_study = CaseStudyFactory(status=Status.DRAFT, author=author, topics=[TopicFactory(name="Falls")])
    CaseStudyAuthor.objects.create(case_study=case_study, member=colin, position=1, role="Matron")
    CaseStudyAuthor.objects.create(case_study=case_study, name="Sam Outsider", position=2)
    case_study.outcomes.create(label="Falls a month", before=12, after=5)
    case_study.links.create(title="Report", url="https://example.org/report")
    client.force_login(author)
    markup = MarkupChecks(nu_checker)
    pages = {}

    for step in STEPS:
        pages[f"step {step.slug}"] = client.get(reverse("casestudies:step", args=[case_study.slug, step.slug]))
    people = reverse("casestudies:step", args=[case_study.slug, "people"])
    sent = editor_data(case_study, step="people")
    pages["find members"] = client.post(people, sent | {"action": "find_member", "coauthor-q": "colin"})
    pages["find nobody"] = client.post(people, sent | {"action": "find_member", "coauthor-q": "zebedee"})
    pages["find organisation"] = client.post(people, sent | {"action": "find_organisation", "new_organisation": "x y"})
    pages["co-author refused"] = client.post(people, sent | {"coauthor-add": str(author.pk)})
    pages["suggestions"] = client.get(
        "/me/co-authors/suggest/", {"coauthor-q": "colin"}, headers={"HX-Request": "true"}
    )
    story = reverse("casestudies:step", args=[case_study.slug, "story"])
    old = editor_data(case_study, step="story")
    client.post(story, old | {"problem": "Saved in the first tab."})
    pages["step conflict"] = client.post(story, old | {"problem": "Typed in the second tab."})
    edit = reverse("casestudies:edit", args=[case_study.slug])
    pages["one-page conflict"] = client.post(edit, old | {"summary": "Typed in a third tab."})

    assert {name: page.status_code for name, page in pages.items()} == {
        **{f"step {step.slug}": 200 for step in STEPS},
        "find members": 200,
        "find nobody": 200,
        "find organisation": 200,
        "co-author refused": 400,
        "suggestions": 200,
        "step conflict": 409,
        "one-page conflict": 409,
    }
    fragment = pages.pop("suggestions").content.decode()
    assert "Colin Colleague" in fragment
    assert text_problems(f"<!DOCTYPE html><html lang='en'><title>x</title><main>{fragment}</main></html>") == []
    for name, page in pages.items():
        assert text_problems(page.content.decode()) == [], name
        markup.add(name, page.content)
    assert markup.problems() == []
