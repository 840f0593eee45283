"""Ask the authors: a member's question relayed by email to each author, the authors' replies relayed
back, neither side ever shown the other's address; limits, refusals, abuse reports and data rights."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from casestudies.library.models import CaseStudyAuthor, Status
from casestudies.spread.models import AuthorQuestion, AuthorReply
from casestudies.spread.services.questions import question_ask, question_report_token
from members import data_rights
from outbox.models import OutgoingEmail, Stream, StreamOptOut
from outbox.services import render_email
from tests.casestudies.factories import CaseStudyFactory, ExternalAuthorFactory
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db

ASKER_EMAIL = "sam.asker.private@example.org"
FIRST_AUTHOR_EMAIL = "first.author.private@example.org"
SECOND_AUTHOR_EMAIL = "second.author.private@example.org"
QUESTION = "How did you get the night team on board?\nAnd <b>what</b> would you do differently & why?"


def ask_url(case_study) -> str:
    return reverse("casestudies:ask", kwargs={"slug": case_study.slug})


def reply_url(question) -> str:
    return reverse("casestudies:question_reply", kwargs={"pk": question.pk})


@pytest.fixture
def asker():
    return UserFactory(email=ASKER_EMAIL, name="Sam Asker")


@pytest.fixture
def authors():
    return UserFactory(email=FIRST_AUTHOR_EMAIL, name="Priya Shah"), UserFactory(email=SECOND_AUTHOR_EMAIL)


@pytest.fixture
def case_study(authors):
    """Published, with two member authors and a named co-author who is not a member."""
    first, second = authors
    case_study = CaseStudyFactory(author=first, title="Huddles & flow <in Leeds>")
    CaseStudyAuthor.objects.create(case_study=case_study, member=second, position=1)
    ExternalAuthorFactory(case_study=case_study, position=2)
    return case_study


def everything_in(message) -> str:
    """Headers, envelope, subject and both bodies of a rendered email, as one text to search."""
    headers = "\n".join(f"{name}: {value}" for name, value in message.message().items())
    html = "".join(content for content, _type in message.alternatives)
    envelope = " ".join([*message.to, *message.cc, *message.bcc, *message.reply_to, message.from_email])
    return "\n".join([headers, envelope, message.subject, message.body, html])


def send_question(client, case_study, text: str = QUESTION):
    return client.post(ask_url(case_study), {"text": text})


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


# --- Replies ---------------------------------------------------------------------------------------


def test_an_author_replies_on_the_site_and_the_asker_gets_the_reply_without_the_authors_address(
    client, asker, authors, case_study
):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)
    client.force_login(authors[0])

    page = client.get(reply_url(question))
    response = client.post(reply_url(question), {"text": "We started with one <i>ward</i> & a champion."})

    assert page.status_code == 200
    assert "Reply to Sam Asker" in page.content.decode()
    assert ASKER_EMAIL not in page.content.decode()
    assert response.status_code == 302
    reply = AuthorReply.objects.get()
    assert (reply.question, reply.author) == (question, authors[0])
    email = OutgoingEmail.objects.get(template_name="author_question_reply")
    assert email.recipient == asker
    assert email.stream == Stream.MESSAGES
    message = render_email(email)
    whole = everything_in(message)
    assert FIRST_AUTHOR_EMAIL not in whole
    assert SECOND_AUTHOR_EMAIL not in whole
    assert FIRST_AUTHOR_EMAIL not in json.dumps(email.context)
    assert message.reply_to == []
    assert message.to == [ASKER_EMAIL]
    assert "Priya Shah replied" in message.subject
    assert "We started with one <i>ward</i> & a champion." in message.body
    assert "We started with one &lt;i&gt;ward&lt;/i&gt; &amp; a champion." in message.alternatives[0][0]
    assert "Your reply is on its way to Sam Asker" in client.get(case_study.get_absolute_url()).content.decode()


def test_an_author_replies_once_and_then_sees_their_reply(client, asker, authors, case_study):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)
    client.force_login(authors[1])
    client.post(reply_url(question), {"text": "First answer."})

    again = client.post(reply_url(question), {"text": "Second answer."})
    page = client.get(reply_url(question))

    assert again.status_code == 409
    assert "already replied" in again.content.decode()
    assert "First answer." in page.content.decode()
    assert "<textarea" not in page.content.decode()
    assert AuthorReply.objects.count() == 1
    assert OutgoingEmail.objects.filter(template_name="author_question_reply").count() == 1


def test_an_empty_reply_is_refused_with_a_message(client, asker, authors, case_study):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)
    client.force_login(authors[0])

    response = client.post(reply_url(question), {"text": "  "})

    assert response.status_code == 400
    assert "nhsuk-error-summary" in response.content.decode()
    assert not AuthorReply.objects.exists()


def test_only_the_case_studys_authors_can_open_the_reply_page(client, asker, case_study):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)

    assert client.get(reply_url(question)).status_code == 302  # to sign in
    for someone in (asker, UserFactory(), CuratorFactory()):
        client.force_login(someone)
        assert client.get(reply_url(question)).status_code == 404
        assert client.post(reply_url(question), {"text": "Not mine to answer."}).status_code == 404
    assert not AuthorReply.objects.exists()


def test_a_reply_to_an_asker_who_turned_off_emails_from_members_is_kept_but_not_sent(
    client, asker, authors, case_study
):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)
    StreamOptOut.objects.create(user=asker, stream=Stream.MESSAGES)
    client.force_login(authors[0])

    response = client.post(reply_url(question), {"text": "An answer."}, follow=True)

    assert "it was not sent" in response.content.decode()
    assert AuthorReply.objects.count() == 1
    assert not OutgoingEmail.objects.filter(template_name="author_question_reply").exists()


# --- Reporting abuse ------------------------------------------------------------------------------


def report_path_sent_to(author) -> str:
    return OutgoingEmail.objects.get(template_name="author_question", recipient=author).context["report_path"]


def test_an_author_reports_a_question_from_the_email_without_signing_in_and_only_once(
    client, asker, authors, case_study
):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)
    link = report_path_sent_to(authors[0])

    page = client.get(link)
    reported = client.post(link, {"reason": "Selling something."})
    again = client.post(link, {"reason": "Changed my mind about the reason."})

    assert page.status_code == 200
    assert "Report this message" in page.content.decode()
    assert ASKER_EMAIL not in page.content.decode()
    assert reported.status_code == 200
    assert "the message is reported" in reported.content.decode()
    assert again.status_code == 409
    assert "already been reported" in again.content.decode()
    question.refresh_from_db()
    assert question.reported
    assert question.reported_by == authors[0]
    assert question.report_reason == "Selling something."
    assert question.reported_at is not None
    assert "already been reported" in client.get(report_path_sent_to(authors[1])).content.decode()


def test_a_report_needs_a_reason(client, asker, authors, case_study):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)

    response = client.post(report_path_sent_to(authors[0]), {"reason": ""})

    assert response.status_code == 400
    assert "nhsuk-error-summary" in response.content.decode()
    question.refresh_from_db()
    assert not question.reported


def test_a_forged_or_cut_short_report_link_is_refused_without_an_error(client, asker, authors, case_study):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)
    good = question_report_token(question_id=question.pk, author_id=authors[0].pk)
    forged = signing.Signer(salt="some.other.purpose").sign_object([question.pk, authors[0].pk])
    not_a_pair = signing.Signer(salt="casestudies.question-report").sign_object({"q": question.pk})
    base = "/case-studies/questions/report/{}/"

    for token in ["forged-token", good[:-4], forged, not_a_pair, good.replace(":", "x", 1)]:
        assert client.get(base.format(token)).status_code == 400, token
        assert client.post(base.format(token), {"reason": "x"}).status_code == 400, token

    gone = question_report_token(question_id=question.pk + 1000, author_id=authors[0].pk)
    assert client.get(base.format(gone)).status_code == 404
    question.refresh_from_db()
    assert not question.reported


def test_a_reported_askers_later_questions_are_not_sent_to_the_author_who_reported_them(
    client, asker, authors, case_study
):
    question_ask(case_study=case_study, asker=asker, text=QUESTION)
    client.post(report_path_sent_to(authors[0]), {"reason": "Abusive."})
    OutgoingEmail.objects.all().delete()
    client.force_login(asker)

    assert send_question(client, case_study, "Another question.").status_code == 302
    assert [email.recipient for email in OutgoingEmail.objects.all()] == [authors[1]]

    # Another case study by the author who reported: nobody left to ask.
    their_other = CaseStudyFactory(author=authors[0])
    response = send_question(client, their_other, "And another.")
    assert response.status_code == 403
    assert "not taking questions" in response.content.decode()
    # Other members can still ask that author.
    question_ask(case_study=their_other, asker=UserFactory(), text="A fresh question.")


def test_curators_see_questions_and_filter_the_reported_ones_in_the_admin(client, asker, authors, case_study):
    question = question_ask(case_study=case_study, asker=asker, text="Reported question text")
    question_ask(case_study=CaseStudyFactory(), asker=asker, text="Ordinary question text")
    client.post(report_path_sent_to(authors[0]), {"reason": "Spam."})
    client.force_login(CuratorFactory(is_superuser=True))

    reported = client.get(reverse("admin:casestudies_authorquestion_changelist") + "?reported__exact=1")
    detail = client.get(reverse("admin:casestudies_authorquestion_change", args=[question.pk]))

    assert reported.status_code == 200
    assert escape(case_study.title) in reported.content.decode()
    assert reported.context["cl"].result_count == 1
    assert detail.status_code == 200
    assert "Spam." in detail.content.decode()
    assert "Reported question text" in detail.content.decode()
    assert not reported.context["has_add_permission"]


# --- Data rights -----------------------------------------------------------------------------------


def test_the_members_data_export_includes_their_questions_and_the_replies_they_got_and_wrote(
    client, asker, authors, case_study
):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)
    client.force_login(authors[0])
    client.post(reply_url(question), {"text": "Our answer."})

    asked = json.loads(data_rights.export_json(asker))["questions_to_authors"]
    answered = json.loads(data_rights.export_json(authors[0]))["questions_to_authors"]

    [entry] = asked["questions_you_asked"]
    assert (entry["case_study"], entry["question"]) == (case_study.title, QUESTION)
    assert [reply["reply"] for reply in entry["replies"]] == ["Our answer."]
    assert FIRST_AUTHOR_EMAIL not in json.dumps(asked)
    assert [reply["reply"] for reply in answered["replies_you_wrote"]] == ["Our answer."]
    assert answered["questions_you_asked"] == []


def test_erasing_a_member_removes_their_questions_and_replies(client, asker, authors, case_study):
    question = question_ask(case_study=case_study, asker=asker, text=QUESTION)
    AuthorReply.objects.create(question=question, author=authors[0], text="Our answer.")
    kept = question_ask(case_study=CaseStudyFactory(), asker=authors[1], text="Someone else's question.")

    data_rights.erase(asker)

    assert list(AuthorQuestion.objects.all()) == [kept]
    assert not AuthorReply.objects.exists()
