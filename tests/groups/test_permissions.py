"""Every view and every POST, checked for each role: anonymous visitor, member, member of another
group, moderator of another group, moderator, curator."""

import pytest
from django.urls import reverse

from tests.groups.conftest import ROLES

pytestmark = pytest.mark.django_db

LOGIN = "login"
OK = 200
DONE = 302  # the action worked and the member is sent back
DENIED = 403
HIDDEN = 404


def url(world, name):
    slug = world.group.slug
    thread, reply = world.thread.pk, world.reply.pk
    args = {
        "detail": [slug],
        "threads": [slug],
        "thread": [slug, thread],
        "edit": [slug],
        "members": [slug],
        "members_csv": [slug],
        "invite": [slug],
        "reports": [slug],
        "add_moderator": [slug],
        "thread_create": [slug],
        "post_hide": [slug, reply],
        "post_report": [slug, reply],
        "approve": [slug, world.request.pk],
        "decline": [slug, world.request.pk],
        "remove_member": [slug, world.user("member").pk],
        "appoint": [slug, world.user("member").pk],
        "lock": [slug, thread],
        "unlock": [slug, thread],
        "pin": [slug, thread],
        "unpin": [slug, thread],
        "post_unhide": [slug, reply],
        "resolve_report": [slug, world.report.pk],
        "reply": [slug, thread],
        "follow": [slug, thread],
        "unfollow": [slug, thread],
        "join": [slug],
    }[name]
    return reverse(f"groups:{name}", args=args)


def expect(anonymous, member, member_elsewhere, moderator_elsewhere, moderator, curator):
    return dict(zip(ROLES, [anonymous, member, member_elsewhere, moderator_elsewhere, moderator, curator], strict=True))


MODERATOR_PAGE = expect(LOGIN, DENIED, DENIED, DENIED, OK, OK)
MODERATOR_ACTION = expect(LOGIN, DENIED, DENIED, DENIED, DONE, DONE)
MEMBER_PAGE = expect(LOGIN, OK, DENIED, DENIED, OK, DENIED)
MEMBER_ACTION = expect(LOGIN, DONE, DENIED, DENIED, DONE, DENIED)
PUBLIC_PAGE = expect(OK, OK, OK, OK, OK, OK)

RULES = [
    ("get", "detail", PUBLIC_PAGE),
    ("get", "threads", PUBLIC_PAGE),
    ("get", "thread", PUBLIC_PAGE),
    ("get", "edit", MODERATOR_PAGE),
    ("get", "members", MODERATOR_PAGE),
    ("get", "members_csv", MODERATOR_PAGE),
    ("get", "invite", MODERATOR_PAGE),
    ("get", "reports", MODERATOR_PAGE),
    ("get", "post_hide", MODERATOR_PAGE),
    ("get", "add_moderator", expect(LOGIN, DENIED, DENIED, DENIED, DENIED, OK)),
    ("get", "thread_create", MEMBER_PAGE),
    ("get", "post_report", MEMBER_PAGE),
    ("post", "approve", MODERATOR_ACTION),
    ("post", "decline", MODERATOR_ACTION),
    ("post", "remove_member", MODERATOR_ACTION),
    ("post", "appoint", MODERATOR_ACTION),
    ("post", "lock", MODERATOR_ACTION),
    ("post", "unlock", MODERATOR_ACTION),
    ("post", "pin", MODERATOR_ACTION),
    ("post", "unpin", MODERATOR_ACTION),
    ("post", "post_unhide", MODERATOR_ACTION),
    ("post", "resolve_report", MODERATOR_ACTION),
    ("post", "follow", MEMBER_ACTION),
    ("post", "unfollow", MEMBER_ACTION),
    # Members are already in: joining again is refused with a message (409), others join.
    ("post", "join", expect(LOGIN, 409, DONE, DONE, 409, DONE)),
]


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "name", "rule"), RULES, ids=[f"{m}-{n}" for m, n, _ in RULES])
def test_each_role_gets_what_the_rules_allow(world, client_as, role, method, name, rule):
    client = client_as(world.user(role))

    response = getattr(client, method)(url(world, name))

    assert outcome(response) == rule[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_members_may_reply(world, client_as, role):
    client = client_as(world.user(role))

    response = client.post(url(world, "reply"), {"body": "Thanks, useful."})

    assert outcome(response) == MEMBER_ACTION[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_and_curators_may_hide_a_post(world, client_as, role):
    client = client_as(world.user(role))

    response = client.post(url(world, "post_hide"), {"reason": "Personal details"})

    assert outcome(response) == MODERATOR_ACTION[role]
    world.reply.refresh_from_db()
    assert world.reply.is_hidden == (MODERATOR_ACTION[role] == DONE)


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_and_curators_may_edit_the_group(world, client_as, role):
    client = client_as(world.user(role))
    data = {"name": "Renamed group", "summary": "New summary", "description": "", "visibility": "open"}

    response = client.post(url(world, "edit"), data)

    assert outcome(response) == MODERATOR_ACTION[role]
    world.group.refresh_from_db()
    assert (world.group.name == "Renamed group") == (MODERATOR_ACTION[role] == DONE)


@pytest.mark.parametrize("role", ROLES)
def test_only_members_may_start_a_thread(world, client_as, role):
    client = client_as(world.user(role))

    response = client.post(url(world, "thread_create"), {"title": "A question", "body": "What do you think?"})

    assert outcome(response) == MEMBER_ACTION[role]
    assert world.group.threads.filter(title="A question").exists() == (MEMBER_ACTION[role] == DONE)


@pytest.mark.parametrize("role", ROLES)
def test_only_members_may_report_a_post(world, client_as, role):
    client = client_as(world.user(role))

    response = client.post(url(world, "post_report"), {"reason": "Rude"})

    assert outcome(response) == MEMBER_ACTION[role]


@pytest.mark.parametrize("role", ROLES)
def test_only_curators_may_appoint_a_moderator_by_email(world, client_as, role):
    client = client_as(world.user(role))
    newcomer = world.user("member_elsewhere")

    response = client.post(url(world, "add_moderator"), {"email": newcomer.email})

    assert outcome(response) == expect(LOGIN, DENIED, DENIED, DENIED, DENIED, DONE)[role]
    assert world.group.is_moderator(newcomer) == (role == "curator")


@pytest.mark.parametrize("role", ROLES)
def test_only_curators_may_create_groups(db, client_as, role, world):
    client = client_as(world.user(role))
    data = {
        "name": "Patient safety",
        "summary": "Safety first",
        "description": "",
        "visibility": "open",
        "moderators": world.user("member").email,
    }

    response = client.post(reverse("groups:create"), data)

    assert outcome(response) == expect(LOGIN, DENIED, DENIED, DENIED, DENIED, DONE)[role]


PRIVATE_URLS = ["detail", "threads", "thread", "edit", "members", "members_csv", "thread_create", "post_report"]


@pytest.mark.parametrize("role", ["anonymous", "member_elsewhere", "moderator_elsewhere"])
@pytest.mark.parametrize("name", PRIVATE_URLS)
def test_a_private_group_answers_404_to_everyone_outside_it(private_world, client_as, role, name):
    client = client_as(private_world.user(role))

    assert client.get(url(private_world, name)).status_code == HIDDEN
    assert client.post(url(private_world, "join")).status_code == HIDDEN


@pytest.mark.parametrize("role", ["member", "moderator", "curator"])
def test_a_private_group_is_shown_to_its_members_and_curators(private_world, client_as, role):
    client = client_as(private_world.user(role))

    assert client.get(url(private_world, "thread")).status_code == OK


@pytest.mark.parametrize("role", ["anonymous", "member_elsewhere", "moderator_elsewhere"])
def test_non_members_see_thread_titles_but_not_bodies(world, client_as, role):
    client = client_as(world.user(role))

    page = client.get(url(world, "thread")).content.decode()

    assert world.thread.title in page
    assert "secret" not in page
    assert "A reply only members read" not in page


@pytest.mark.parametrize("role", ["member", "moderator", "curator"])
def test_members_and_curators_read_the_bodies(world, client_as, role):
    page = client_as(world.user(role)).get(url(world, "thread")).content.decode()

    assert "<em>secret</em>" in page
    assert "A reply only members read" in page


def test_a_moderator_cannot_act_on_another_group(world, client_as):
    client = client_as(world.user("moderator_elsewhere"))
    other_slug_url = reverse("groups:approve", args=[world.other_group.slug, world.request.pk])

    response = client.post(other_slug_url)

    # The request belongs to another group: the moderator's own group has no such request.
    assert response.status_code == 409
    world.request.refresh_from_db()
    assert world.request.is_pending


def test_only_the_author_may_edit_a_post(world, client_as):
    edit = reverse("groups:post_edit", args=[world.group.slug, world.reply.pk])

    assert client_as(world.user("moderator")).get(edit).status_code == DENIED
    assert client_as(world.user("member")).get(edit).status_code == OK
