"""Threads and replies, the author's edit window, moderation, reports and reply emails."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import Membership, Post, Report, ThreadFollow
from outbox.models import OutgoingEmail, Stream, StreamOptOut
from tests.groups.conftest import curator_with_mfa
from tests.groups.factories import GroupFactory, PostFactory, ThreadFactory, member_of, moderator_of

pytestmark = pytest.mark.django_db


def reply_url(thread):
    return reverse("groups:reply", args=[thread.group.slug, thread.pk])


def test_a_member_starts_a_thread_and_follows_it(client):
    group = GroupFactory()
    member = member_of(group)
    client.force_login(member)

    response = client.post(
        reverse("groups:thread_create", args=[group.slug]),
        {"title": "Flow in ED", "body": "Any tips? <script>x</script>"},
    )

    thread = group.threads.get()
    assert response["Location"] == thread.get_absolute_url()
    assert "<script>" not in thread.posts.get().body_html
    assert ThreadFollow.objects.filter(thread=thread, user=member).exists()


def test_an_empty_reply_shows_a_message_and_saves_nothing(client):
    thread = ThreadFactory()
    client.force_login(member_of(thread.group))

    response = client.post(reply_url(thread), {"body": ""})

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert thread.posts.count() == 1


def test_followers_who_are_still_members_get_an_email_for_each_reply():
    group = GroupFactory()
    author = member_of(group)
    thread = services.thread_create(group=group, author=author, title="Huddles", body="How?")
    replier = member_of(group)
    leaver = member_of(group)
    ThreadFollow.objects.create(thread=thread, user=leaver)
    Membership.objects.filter(user=leaver).delete()

    post = services.post_reply(thread=thread, author=replier, body="Ten minutes at 9am.")

    emails = OutgoingEmail.objects.filter(template_name="thread_reply")
    assert [email.recipient for email in emails] == [author]
    assert emails[0].stream == Stream.THREAD_REPLIES
    assert emails[0].context["post_path"].endswith(f"#post-{post.pk}")


def test_a_follower_who_opted_out_of_reply_emails_gets_none():
    group = GroupFactory()
    author = member_of(group)
    thread = services.thread_create(group=group, author=author, title="Huddles", body="How?")
    StreamOptOut.objects.create(user=author, stream=Stream.THREAD_REPLIES)

    services.post_reply(thread=thread, author=member_of(group), body="Reply")

    assert not OutgoingEmail.objects.exists()


def test_unfollowing_stops_reply_emails(client):
    group = GroupFactory()
    author = member_of(group)
    thread = services.thread_create(group=group, author=author, title="Huddles", body="How?")
    client.force_login(author)

    client.post(reverse("groups:unfollow", args=[group.slug, thread.pk]))
    services.post_reply(thread=thread, author=member_of(group), body="Reply")

    assert not OutgoingEmail.objects.exists()


def test_a_removed_member_posting_from_an_old_page_is_told_why(client):
    thread = ThreadFactory()
    member = member_of(thread.group)
    client.force_login(member)
    Membership.objects.filter(user=member).delete()

    response = client.post(reply_url(thread), {"body": "Still here?"})

    assert response.status_code == 403
    assert "Only members" in response.content.decode()
    assert thread.posts.count() == 1


def test_a_post_by_a_removed_member_stays_and_shows_as_from_a_former_member(client):
    group = GroupFactory()
    thread = ThreadFactory(group=group, author=moderator_of(group))
    leaver = member_of(group)
    PostFactory(thread=thread, author=leaver, body="My useful tip")
    services.membership_remove(group=group, user_id=leaver.pk, by=thread.author)
    client.force_login(thread.author)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert "My useful tip" in page
    assert "A former member" in page
    assert leaver.name not in page


def test_an_author_edits_their_post_within_the_hour_but_not_after(client):
    group = GroupFactory()
    author = member_of(group)
    post = PostFactory(thread=ThreadFactory(group=group), author=author)
    edit = reverse("groups:post_edit", args=[group.slug, post.pk])
    client.force_login(author)

    client.post(edit, {"body": "Corrected"})
    post.refresh_from_db()
    assert post.body == "Corrected"
    assert post.edited_at is not None

    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(hours=2))
    response = client.post(edit, {"body": "Too late"})
    post.refresh_from_db()
    assert response.status_code == 403
    assert post.body == "Corrected"


@pytest.mark.parametrize("role", ["author", "moderating author", "other member", "curator"])
def test_the_actions_under_a_post_are_separated_without_stray_dots(client, role):
    group = GroupFactory()
    author = moderator_of(group) if role == "moderating author" else member_of(group)
    thread = ThreadFactory(group=group, author=author)
    viewer = {"other member": member_of(group), "curator": curator_with_mfa()}.get(role, author)
    client.force_login(viewer)

    page = client.get(thread.get_absolute_url()).content.decode()

    actions = [" ".join(line.split()) for line in re.findall(r'<p class="portal-meta">(.*?)</p>', page, re.S)]
    actions = [re.sub(r"<span class=\"nhsuk-u-visually-hidden\">[^<]*</span>|<[^>]+>", "", a).strip() for a in actions]
    expected = {
        "author": "Edit",
        "moderating author": "Edit · Hide",
        "other member": "Report",
        "curator": "Hide",
    }[role]
    assert expected in actions


def test_a_locked_thread_takes_no_replies(client):
    thread = ThreadFactory()
    member = member_of(thread.group)
    client.force_login(moderator_of(thread.group))
    client.post(reverse("groups:lock", args=[thread.group.slug, thread.pk]))
    client.force_login(member)

    page = client.get(thread.get_absolute_url()).content.decode()
    response = client.post(reply_url(thread), {"body": "Late reply"})

    assert "no one can reply" in page
    assert response.status_code == 409
    assert thread.posts.count() == 1


def test_pinned_threads_come_first(client):
    group = GroupFactory()
    older = ThreadFactory(group=group, title="Older thread", last_activity_at=timezone.now() - timedelta(days=3))
    ThreadFactory(group=group, title="Newer thread")
    client.force_login(moderator_of(group))
    client.post(reverse("groups:pin", args=[group.slug, older.pk]))

    titles = [thread.title for thread in group.threads.for_listing()]

    assert titles == ["Older thread", "Newer thread"]


def test_a_hidden_post_shows_the_reason_to_members_and_resolves_its_reports(client):
    group = GroupFactory()
    post = PostFactory(thread=ThreadFactory(group=group), body="Phone 07700 900000")
    member = member_of(group)
    Report.objects.create(post=post, reporter=member, reason="Personal details")
    client.force_login(moderator_of(group))

    client.post(reverse("groups:post_hide", args=[group.slug, post.pk]), {"reason": "Personal details removed"})
    client.force_login(member)
    page = client.get(post.thread.get_absolute_url()).content.decode()

    assert "Personal details removed" in page
    assert "07700 900000" not in page
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_hiding_needs_a_reason(client):
    group = GroupFactory()
    post = PostFactory(thread=ThreadFactory(group=group))
    client.force_login(moderator_of(group))

    response = client.post(reverse("groups:post_hide", args=[group.slug, post.pk]), {"reason": ""})

    assert response.status_code == 200
    post.refresh_from_db()
    assert not post.is_hidden


def test_a_member_reports_a_post_once_and_moderators_see_it(client):
    group = GroupFactory()
    post = PostFactory(thread=ThreadFactory(group=group))
    member = member_of(group)
    client.force_login(member)
    report_url = reverse("groups:post_report", args=[group.slug, post.pk])

    client.post(report_url, {"reason": "Off topic advert"})
    again = client.post(report_url, {"reason": "Again"})
    client.force_login(moderator_of(group))
    page = client.get(reverse("groups:reports", args=[group.slug])).content.decode()

    assert again.status_code == 409
    assert Report.objects.count() == 1
    assert "Off topic advert" in page


def test_a_post_of_another_group_is_not_found_through_this_group(client):
    group = GroupFactory()
    elsewhere = PostFactory()
    client.force_login(moderator_of(group))

    response = client.post(reverse("groups:post_hide", args=[group.slug, elsewhere.pk]), {"reason": "x"})

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert not elsewhere.is_hidden
