"""Ask the authors: a member's question relayed by email to each author, the authors' replies relayed
back, neither side ever shown the other's address; limits, refusals, abuse reports and data rights."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from casestudies.library.models import CaseStudyAuthor, Status
from casestudies.spread.models import AuthorQuestion
from casestudies.spread.services.questions import question_ask
from outbox.models import OutgoingEmail, Stream, StreamOptOut
from outbox.services import render_email
from tests.casestudies.factories import CaseStudyFactory
from tests.casestudies.spread.question_helpers import (
    ASKER_EMAIL,
    FIRST_AUTHOR_EMAIL,
    QUESTION,
    SECOND_AUTHOR_EMAIL,
    ask_url,
    everything_in,
    reply_url,
    send_question,
)
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- Asking ----------------------------------------------------------------------------------------


def test_each_member_author_gets_the_question_by_email_without_the_askers_address(client, asker, authors, case_study):
    client.force_login(asker)

    response = send_question(client, case_study)

    assert response.status_code == 302
    assert response.url == case_study.get_absolute_url()
    question = AuthorQuestion.objects.get()
    assert (question.asker, question.case_study, question.text) == (asker, case_study, QUESTION)
    emails = OutgoingEmail.objects.filter(template_name="author_question").order_by("pk")
    assert [email.recipient for email in emails] == list(authors)  # not the external co-author
    for email in emails:
        assert email.stream == Stream.MESSAGES
        assert ASKER_EMAIL not in json.dumps(email.context)
        message = render_email(email)
        whole = everything_in(message)
        assert ASKER_EMAIL not in whole
        assert "sam.asker.private" not in whole
        assert message.reply_to == []
        assert "Reply-To" not in message.extra_headers
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert "Sam Asker" in message.subject
        assert "Huddles & flow <in Leeds>" in message.subject
        # Plain text as written in the text part; escaped, never live markup, in the HTML part.
        assert QUESTION in message.body
        html = message.alternatives[0][0]
        assert "&lt;b&gt;what&lt;/b&gt; would you do differently &amp; why?" in html
        assert "<b>what</b>" not in html
        assert "Reply to Sam Asker" in html
        assert settings.SITE_URL + reply_url(question) in message.body
        assert settings.SITE_URL + reply_url(question) in html
        assert "/case-studies/questions/report/" in message.body


def test_the_asker_is_told_it_was_sent_and_no_page_they_see_shows_an_authors_address(client, asker, case_study):
    client.force_login(asker)
    pages = [client.get(case_study.get_absolute_url()), client.get(ask_url(case_study))]

    pages.append(client.post(ask_url(case_study), {"text": QUESTION}, follow=True))

    assert "Ask the authors a question" in pages[0].content.decode()
    assert "Your question has been sent to the authors" in pages[-1].content.decode()
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert FIRST_AUTHOR_EMAIL not in html
        assert SECOND_AUTHOR_EMAIL not in html


def test_the_ask_page_answers_in_a_fixed_number_of_queries(client, asker, case_study, django_assert_max_num_queries):
    client.force_login(asker)
    client.get(ask_url(case_study))  # the session's first request records the device
    for extra in range(3):
        CaseStudyAuthor.objects.create(case_study=case_study, member=UserFactory(), position=3 + extra)

    with django_assert_max_num_queries(11):
        response = client.get(ask_url(case_study))

    assert response.status_code == 200


def test_the_ask_page_says_once_what_the_authors_see(client, asker, case_study):
    client.force_login(asker)

    page = client.get(ask_url(case_study)).content.decode()

    assert page.count("email address") == 1
    assert "Up to 2,000 characters." in page


def test_signed_out_visitors_are_sent_to_sign_in_and_nothing_is_sent(client, case_study):
    for response in (client.get(ask_url(case_study)), send_question(client, case_study)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert not AuthorQuestion.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_the_case_study_links_to_the_question_form_only_for_signed_in_members_who_are_not_its_authors(
    client, asker, authors, case_study
):
    link = ask_url(case_study)
    assert link not in client.get(case_study.get_absolute_url()).content.decode()

    client.force_login(authors[0])
    assert link not in client.get(case_study.get_absolute_url()).content.decode()

    client.force_login(asker)
    assert link in client.get(case_study.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "This field is required"), ("   \n ", "This field is required"), ("x" * 2001, "at most 2000 characters")],
)
def test_an_empty_or_too_long_question_is_refused_with_a_message_and_the_text_kept(
    client, asker, case_study, text, message
):
    client.force_login(asker)

    response = send_question(client, case_study, text)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "nhsuk-error-summary" in html
    if text.strip():
        assert text in html
    assert not AuthorQuestion.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_an_author_cannot_ask_about_their_own_case_study_and_is_told_why(client, authors, case_study):
    client.force_login(authors[1])

    page, sent = client.get(ask_url(case_study)), send_question(client, case_study)

    for response in (page, sent):
        assert response.status_code == 403
        assert "your own case study" in response.content.decode()
        assert "<textarea" not in response.content.decode()
    assert not AuthorQuestion.objects.exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_a_case_study_that_is_not_published_takes_no_questions(client, status):
    case_study = CaseStudyFactory(status=status)
    member, curator = UserFactory(), CuratorFactory()

    client.force_login(member)
    assert client.get(ask_url(case_study)).status_code == 404  # the member cannot see it at all
    assert send_question(client, case_study).status_code == 404
    client.force_login(curator)
    response = send_question(client, case_study)

    assert response.status_code == 403
    assert "Only a published case study takes questions" in response.content.decode()
    assert not AuthorQuestion.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_an_unknown_case_study_is_not_found(client, asker):
    client.force_login(asker)

    assert client.get("/case-studies/no-such-case-study/ask/").status_code == 404


def test_an_author_who_turned_off_emails_from_members_is_not_sent_the_question(client, asker, authors, case_study):
    StreamOptOut.objects.create(user=authors[0], stream=Stream.MESSAGES)
    client.force_login(asker)

    assert send_question(client, case_study).status_code == 302

    assert [email.recipient for email in OutgoingEmail.objects.all()] == [authors[1]]


def test_when_no_author_takes_questions_the_asker_is_told_and_nothing_is_stored(client, asker, authors, case_study):
    for author in authors:
        StreamOptOut.objects.create(user=author, stream=Stream.MESSAGES)
    client.force_login(asker)

    page, sent = client.get(ask_url(case_study)), send_question(client, case_study)

    for response in (page, sent):
        assert response.status_code == 403
        assert "not taking questions by email" in response.content.decode()
    assert not AuthorQuestion.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_an_asker_who_turned_off_emails_from_members_is_warned_that_replies_would_not_reach_them(
    client, asker, case_study
):
    StreamOptOut.objects.create(user=asker, stream=Stream.MESSAGES)
    client.force_login(asker)

    assert "You would not get a reply" in client.get(ask_url(case_study)).content.decode()


# --- The rate limit ----------------------------------------------------------------------------------


def test_a_member_can_send_five_questions_an_hour_and_the_sixth_gets_429_and_sends_nothing(client, asker, case_study):
    client.force_login(asker)
    others = [CaseStudyFactory() for _ in range(5)]
    assert settings.ASK_AUTHORS_PER_HOUR == 5
    for other in others:
        assert send_question(client, other, "A fair question.").status_code == 302
    emails_before = OutgoingEmail.objects.count()

    response = send_question(client, case_study, "One question too many")

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "the most you can send in an hour" in html
    assert "One question too many" in html  # kept in the form to send later
    assert AuthorQuestion.objects.count() == 5
    assert OutgoingEmail.objects.count() == emails_before
    assert not OutgoingEmail.objects.filter(context__case_study_title=case_study.title).exists()


def test_the_daily_limit_counts_questions_over_the_last_day(client, asker, case_study, settings):
    settings.ASK_AUTHORS_PER_HOUR = 2
    settings.ASK_AUTHORS_PER_DAY = 3
    client.force_login(asker)
    for _ in range(2):
        assert send_question(client, CaseStudyFactory()).status_code == 302
    assert send_question(client, case_study).status_code == 429
    AuthorQuestion.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert send_question(client, case_study).status_code == 302

    response = send_question(client, case_study)

    assert response.status_code == 429
    assert "the most you can send in a day" in response.content.decode()
    assert AuthorQuestion.objects.count() == 3
    AuthorQuestion.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert send_question(client, case_study).status_code == 302


def test_another_members_questions_do_not_count_against_the_limit(client, asker, case_study, settings):
    settings.ASK_AUTHORS_PER_HOUR = 1
    question_ask(case_study=CaseStudyFactory(), asker=UserFactory(), text="Someone else's question.")
    client.force_login(asker)

    assert send_question(client, case_study).status_code == 302
