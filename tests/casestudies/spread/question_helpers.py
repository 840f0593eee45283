"""What the tests of questions to authors share: the people's addresses, the question, the pages and the emails."""

from django.urls import reverse

ASKER_EMAIL = "sam.asker.private@example.org"
FIRST_AUTHOR_EMAIL = "first.author.private@example.org"
SECOND_AUTHOR_EMAIL = "second.author.private@example.org"
QUESTION = "How did you get the night team on board?\nAnd <b>what</b> would you do differently & why?"


def ask_url(case_study) -> str:
    return reverse("casestudies:ask", kwargs={"slug": case_study.slug})


def reply_url(question) -> str:
    return reverse("casestudies:question_reply", kwargs={"pk": question.pk})


def everything_in(message) -> str:
    """Headers, envelope, subject and both bodies of a rendered email, as one text to search."""
    headers = "\n".join(f"{name}: {value}" for name, value in message.message().items())
    html = "".join(content for content, _type in message.alternatives)
    envelope = " ".join([*message.to, *message.cc, *message.bcc, *message.reply_to, message.from_email])
    return "\n".join([headers, envelope, message.subject, message.body, html])


def send_question(client, case_study, text: str = QUESTION):
    return client.post(ask_url(case_study), {"text": text})
