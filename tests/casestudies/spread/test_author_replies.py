"""Authors' replies to questions, relayed back without their addresses; abuse reports from the email;
and what a member's data export and erasure do with their questions and replies."""

import json

import pytest
from django.core import signing
from django.urls import reverse
from django.utils.html import escape

from casestudies.spread.models import AuthorQuestion, AuthorReply
from casestudies.spread.services.questions import question_ask, question_report_token
from members import data_rights
from outbox.models import OutgoingEmail, Stream, StreamOptOut
from outbox.services import render_email
from tests.casestudies.factories import CaseStudyFactory
from tests.casestudies.spread.question_helpers import (
    ASKER_EMAIL,
    FIRST_AUTHOR_EMAIL,
    QUESTION,
    SECOND_AUTHOR_EMAIL,
    everything_in,
    reply_url,
    send_question,
)
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db


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
