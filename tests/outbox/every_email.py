"""One way to make each kind of email the portal sends, through the code that sends it in use.

Each producer takes a fresh member and a test client and causes one email of its kind; the test
of every email (test_every_email.py) sends what was written to a local SMTP server and reads it.
The keys are the names of the templates in templates/emails.
"""

from collections.abc import Callable
from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.account.signals import email_changed, password_changed
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from casestudies.editorial.services.submission import _tell_new_co_authors, case_study_comment
from casestudies.spread.services.questions import question_ask, question_reply
from digests.services import digest_send_batch
from events.services import event_cancel, event_update, registration_cancel, registration_create, reminders_send
from groups.models import ThreadFollow
from groups.services import invitation_create, membership_approve, membership_decline, membership_join, post_reply
from members.models import User
from members.services import data_export_build, data_export_request
from members.signals import signed_in_from_new_device
from outbox.models import Stream
from outbox.services import email_enqueue
from people.services import message_send
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.digests.factories import DigestPreferenceFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.groups.factories import GroupFactory, MembershipFactory, ThreadFactory, moderator_of
from tests.members.factories import CuratorFactory, UserFactory

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
Producer = Callable[[User, Client], None]


def _request(user: User):
    request = RequestFactory().get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="192.0.2.7")
    request.user = user
    request.session = SessionStore()
    return request


def account_confirm_signup(user: User, client: Client) -> None:
    client.post(
        reverse("account_signup"),
        {
            "email": "joining@example.org",
            "name": "Ada Joiner",
            "password1": "a-long-pass-1",
            "password2": "a-long-pass-1",
        },
    )


def account_confirm_email(user: User, client: Client) -> None:
    from tests.members.mfa import reauthenticate

    client.force_login(user)
    reauthenticate(client)
    client.post(reverse("account_email"), {"action_add": "", "email": "second@example.org"})


def account_password_reset(user: User, client: Client) -> None:
    client.post(reverse("account_reset_password"), {"email": user.email})


def account_password_changed(user: User, client: Client) -> None:
    password_changed.send(sender=User, request=_request(user), user=user)


def account_email_changed(user: User, client: Client) -> None:
    class Address:
        email = user.email

    email_changed.send(
        sender=User, request=_request(user), user=user, from_email_address=None, to_email_address=Address
    )


def account_mfa_removed(user: User, client: Client) -> None:
    authenticator = Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    authenticator_removed.send(sender=Authenticator, request=_request(user), user=user, authenticator=authenticator)


def account_new_sign_in(user: User, client: Client) -> None:
    signed_in_from_new_device.send(sender=User, request=_request(user), user=user, device=None, ip="192.0.2.7")


def account_data_export_ready(user: User, client: Client) -> None:
    data_export_build(export_id=data_export_request(user=user).pk)


def author_question(user: User, client: Client) -> None:
    question_ask(case_study=CaseStudyFactory(author=user), asker=UserFactory(), text="How did you measure it?")


def author_question_reply(user: User, client: Client) -> None:
    author = UserFactory()
    question = question_ask(case_study=CaseStudyFactory(author=author), asker=user, text="How did you measure it?")
    question_reply(question=question, author=author, text="Weekly, on a run chart.")


def case_study_review(user: User, client: Client) -> None:
    case_study = CaseStudyFactory(author=user, status="submitted")
    case_study_comment(case_study=case_study, by=CuratorFactory(), body="Could you add the baseline?")


def digest(user: User, client: Client) -> None:
    topic = TopicFactory()
    preference = DigestPreferenceFactory(user=user, topics=[topic])
    CaseStudyFactory(
        title="Shorter waits", topics=[topic], published_at=preference.covered_until + timedelta(minutes=1)
    )
    digest_send_batch(preference_ids=[preference.pk])


def event_registered(user: User, client: Client) -> None:
    registration_create(event=EventFactory(), user=user)


def event_waitlisted(user: User, client: Client) -> None:
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    registration_create(event=event, user=user)


def event_promoted(user: User, client: Client) -> None:
    event = EventFactory(capacity=1)
    first = RegistrationFactory(event=event)
    RegistrationFactory(event=event, user=user, waitlisted=True)
    registration_cancel(event=event, user=first.user)


def event_changed(user: User, client: Client) -> None:
    event = EventFactory()
    RegistrationFactory(event=event, user=user)
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    event_update(event=event)


def event_cancelled(user: User, client: Client) -> None:
    event = EventFactory()
    RegistrationFactory(event=event, user=user)
    event_cancel(event=event, message="The speaker is unwell; we will set a new date.")


def event_reminder(user: User, client: Client) -> None:
    event = EventFactory(starts_at=timezone.now().replace(microsecond=0) + timedelta(hours=20))
    RegistrationFactory(event=event, user=user)
    reminders_send()


def group_request_received(user: User, client: Client) -> None:
    group = GroupFactory(by_request=True)
    MembershipFactory(group=group, user=user, moderator=True)
    membership_join(group=group, user=UserFactory())


def group_request_approved(user: User, client: Client) -> None:
    group = GroupFactory(by_request=True)
    request = membership_join(group=group, user=user)
    membership_approve(group=group, request_id=request.pk, by=moderator_of(group))


def group_request_declined(user: User, client: Client) -> None:
    group = GroupFactory(by_request=True)
    request = membership_join(group=group, user=user)
    membership_decline(group=group, request_id=request.pk, by=moderator_of(group))


def group_invitation(user: User, client: Client) -> None:
    group = GroupFactory(private=True)
    invitation_create(group=group, email=user.email, by=moderator_of(group))


def thread_reply(user: User, client: Client) -> None:
    group = GroupFactory()
    MembershipFactory(group=group, user=user)
    thread = ThreadFactory(group=group, author=user)
    ThreadFollow.objects.create(thread=thread, user=user)
    replier = UserFactory()
    MembershipFactory(group=group, user=replier)
    post_reply(thread=thread, author=replier, body="We tried it too.")


def case_study_co_author(user: User, client: Client) -> None:
    # What the case study's services run once its form is saved with a new member in the byline.
    case_study = CaseStudyFactory(status="draft", published_at=None)
    lead = UserFactory(name="Lead Author")
    case_study.authors.create(member=user, position=2)
    _tell_new_co_authors(case_study=case_study, before=set(), by=lead)


def member_message(user: User, client: Client) -> None:
    message_send(sender=UserFactory(name="Sam Sender"), recipient=user, text="Could we compare notes on discharge?")


def notice(user: User, client: Client) -> None:
    # A general notice (the outbox's own template, for one-off messages to members).
    email_enqueue(
        to=user,
        template="notice",
        context={
            "subject": "The library has moved",
            "paragraphs": ["Case studies now live under one address."],
            "action_label": "Open the library",
            "action_path": "/case-studies/",
        },
        stream=Stream.DIGEST,
        key=f"notice:{user.pk}",
    )


def account_already_exists(user: User, client: Client) -> None:
    # Sent by allauth only when it hides which addresses have accounts (not the portal's choice).
    get_adapter().send_mail("account/email/account_already_exists", user.email, {})


def account_unknown(user: User, client: Client) -> None:
    # As account_already_exists: a password reset asked for an address with no account.
    get_adapter().send_mail("account/email/unknown_account", "nobody@example.org", {})


PRODUCERS: dict[str, Producer] = {
    name: producer
    for name, producer in globals().items()
    if callable(producer) and not name.startswith("_") and producer.__module__ == __name__
}
