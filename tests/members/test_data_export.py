"""A copy of everything the portal holds about a member, at /me/data/."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members import data_rights, services
from members.models import DataExport
from members.tasks import build_data_export
from outbox.models import OutgoingEmail
from outbox.services import render_email
from tests.members.factories import UserFactory
from tests.members.personal_data import member_with_everything

pytestmark = pytest.mark.django_db


def ask_for_a_copy(client, django_capture_on_commit_callbacks) -> DataExport:
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("members:data"))
    assert response.status_code == 302
    assert callbacks, "the build is queued after commit"
    export = DataExport.objects.get()
    build_data_export.apply(args=[export.pk])
    export.refresh_from_db()
    return export


def test_the_data_page_needs_a_signed_in_member(client):
    response = client.get(reverse("members:data"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_copy_is_built_by_a_task_and_emailed_as_a_link_that_downloads_it(client, django_capture_on_commit_callbacks):
    user = UserFactory(name="Priya Shah")
    client.force_login(user)

    export = ask_for_a_copy(client, django_capture_on_commit_callbacks)

    assert export.is_ready
    email = OutgoingEmail.objects.get(template_name="account_data_export_ready", recipient=user)
    message = render_email(email)
    link = email.context["download_path"]
    assert link in message.body
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/json")
    assert download["Content-Disposition"].startswith('attachment; filename="my-data-')
    document = json.loads(download.content)
    assert document["account"]["profile"]["name"] == "Priya Shah"


def test_the_data_page_lists_copies_with_their_download_links(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    for _ in range(3):
        services.data_export_build(
            export_id=DataExport.objects.create(user=user, expires_at=timezone.now() + timedelta(days=7)).pk
        )

    with django_assert_max_num_queries(10):
        page = client.get(reverse("members:data"))

    assert page.status_code == 200
    assert page.content.decode().count("Download<span") == 3


def test_the_export_has_every_kind_of_data_and_nothing_of_other_members():
    mine = member_with_everything("Zephyrine")
    theirs = member_with_everything("Bartholomew")

    text = data_rights.export_json(mine.user)
    document = json.loads(text)

    assert "Bartholomew" not in text
    assert "bartholomew" not in text
    assert list(document)[:4] == ["format", "generated_at", "member_id", "account"]
    account = document["account"]
    assert account["profile"]["organisation"] == "Zephyrine Community Clinic"
    assert {a["email"] for a in account["email_addresses"]} == {"zephyrine@example.org", "zephyrine.old@example.org"}
    assert account["sessions"][0]["device"] == "Firefox on Windows"
    assert account["sign_in_devices"][0]["device"] == "Firefox on Windows"
    emails = document["emails"]
    assert {e["about"] for e in emails["emails_sent_to_you"]} == {"digest", "account_email_changed"}
    assert emails["emails_you_turned_off"][0]["stream"] == "Replies in discussions you follow"
    library = document["case_studies"]
    assert {c["title"] for c in library["case_studies"]} == {
        mine.published.title,
        mine.draft.title,
        mine.shared_draft.title,
    }
    assert library["case_studies"][0]["problem"]
    assert len(library["bookmarks"]) == 1
    assert library["review_messages_you_wrote"][0]["message"] == "Updated the run chart."
    groups = document["groups"]
    assert {m["group"] for m in groups["memberships"]} == {mine.group_alone.name, mine.group_shared.name}
    assert any(p["body"] == "We moved our huddle to 9am." for p in groups["posts"])
    assert groups["threads_you_started"][0]["title"] == "Huddles that work"
    assert groups["posts_you_reported"][0]["reason"] == "Off topic"
    assert groups["invitations_you_sent"][0]["to"] == "friend@example.org"
    assert groups["invitations_to_you"][0]["group"] == mine.group_shared.name
    assert len(groups["threads_you_follow"]) == 1
    assert {(r["event"], r["status"]) for r in document["events"]["registrations"]} == {
        ("Flow clinic", "Registered"),
        ("Run charts 101", "On the waitlist"),
    }
    assert document["digests"]["frequency"] == "Daily"
    assert document["digests"]["muted_groups"] == [mine.group_shared.name]
    assert "password" not in text
    assert theirs.user.email not in text


def test_the_export_holds_no_secrets_of_two_factor_authentication():
    mine = member_with_everything("Zephyrine", totp=True)

    text = data_rights.export_json(mine.user)

    assert "JBSWY3DP" not in text
    assert "authenticator app" in text


def test_every_app_with_personal_data_is_covered():
    assert set(data_rights.exporter_names()) >= {"account", "emails", "case_studies", "groups", "events", "digests"}
    assert set(data_rights.eraser_names()) >= {"emails", "case_studies", "groups", "events"}


def test_a_download_link_works_only_for_its_member(client):
    owner, other = UserFactory(), UserFactory()
    export = services.data_export_build(
        export_id=DataExport.objects.create(user=owner, expires_at=timezone.now() + timedelta(days=7)).pk
    )
    link = reverse("members:data_download", kwargs={"token": services.data_export_token(export)})

    client.force_login(other)
    assert client.get(link).status_code == 404
    client.logout()
    anonymous = client.get(link)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("token", ["not-a-token", "1:abc:def", "x" * 500])
def test_a_wrong_download_link_is_a_404(client, token):
    client.force_login(UserFactory())

    assert client.get(reverse("members:data_download", kwargs={"token": token})).status_code == 404


def test_an_expired_copy_cannot_be_downloaded_and_is_purged(client):
    user = UserFactory()
    export = services.data_export_build(
        export_id=DataExport.objects.create(user=user, expires_at=timezone.now() + timedelta(days=7)).pk
    )
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(user)

    response = client.get(reverse("members:data_download", kwargs={"token": services.data_export_token(export)}))

    assert response.status_code == 404
    assert services.data_exports_purge() == 1
    assert not DataExport.objects.exists()


def test_asking_again_straight_away_is_refused_with_a_message(client):
    client.force_login(UserFactory())
    client.post(reverse("members:data"))

    response = client.post(reverse("members:data"), follow=True)

    assert DataExport.objects.count() == 1
    assert "You asked for a copy a few minutes ago" in response.content.decode()


def test_building_a_copy_twice_does_nothing_the_second_time():
    user = UserFactory()
    export = DataExport.objects.create(user=user, expires_at=timezone.now() + timedelta(days=7))

    assert services.data_export_build(export_id=export.pk) is not None
    assert services.data_export_build(export_id=export.pk) is None
    assert services.data_export_build(export_id=export.pk + 1000) is None
    assert OutgoingEmail.objects.filter(template_name="account_data_export_ready").count() == 1
