"""Which change retires which kept page: a change retires only the pages that show what changed.

Every public page is first kept for a visitor; then one change is made through the site's services,
as members and curators make it; then each page is asked for again, and the test notes which were
made afresh (retired) and which were served as kept.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from casestudies.editorial.models import AuditEntry
from casestudies.editorial.services.audit import audit_record
from casestudies.editorial.services.review import case_study_feature, case_study_publish
from casestudies.editorial.services.revisions import case_study_revision_start
from casestudies.editorial.services.submission import case_study_submit
from casestudies.library.models import Status
from casestudies.library.services import bookmark_add
from casestudies.spread.services.questions import question_ask
from core.page_cache import EVERYWHERE, retire
from events.services import registration_create
from groups.services import membership_join, post_reply, thread_create
from members.models import FollowKind
from members.services import follow_add
from tests.casestudies.factories import CareSettingFactory, CaseStudyFactory, CollectionFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, ThreadFactory, member_of
from tests.members.factories import CuratorFactory, UserFactory

pytestmark = pytest.mark.django_db

LIBRARY_PAGES = {"home", "library", "collections", "collection", "spread of A", "spread of B"}
# Group pages list the case studies on their topics.
GROUP_PAGES = {"group G", "group H"}
ALL_PAGES = LIBRARY_PAGES | {
    "case study A",
    "case study B",
    "groups",
    "group G",
    "group H",
    "thread in G",
    "events",
    "event of G",
    "event of H",
}


@dataclass
class World:
    case_study_a: object
    case_study_b: object
    group_g: object
    group_h: object
    thread: object
    event_g: object
    event_h: object
    member: object
    topic: object

    def pages(self) -> dict[str, str]:
        return {
            "home": reverse("home"),
            "library": reverse("casestudies:list"),
            "collections": reverse("casestudies:collections"),
            "collection": reverse("casestudies:collection", args=[self.collection_slug]),
            "case study A": self.case_study_a.get_absolute_url(),
            "case study B": self.case_study_b.get_absolute_url(),
            "spread of A": reverse("casestudies:spread", args=[self.case_study_a.slug]),
            "spread of B": reverse("casestudies:spread", args=[self.case_study_b.slug]),
            "groups": reverse("groups:list"),
            "group G": reverse("groups:detail", args=[self.group_g.slug]),
            "group H": reverse("groups:detail", args=[self.group_h.slug]),
            "thread in G": reverse("groups:thread", args=[self.group_g.slug, self.thread.pk]),
            "events": reverse("events:list"),
            "event of G": self.event_g.get_absolute_url(),
            "event of H": self.event_h.get_absolute_url(),
        }


@pytest.fixture
def world() -> World:
    topic = TopicFactory(name="Patient flow")
    case_study_a = CaseStudyFactory(title="Huddles on the wards", topics=[topic], care_settings=[CareSettingFactory()])
    case_study_b = CaseStudyFactory(title="Discharge before noon")
    collection = CollectionFactory(title="Flow resources")
    group_g, group_h = GroupFactory(name="Flow coaches"), GroupFactory(name="Quality leads")
    member = member_of(group_g)
    thread = ThreadFactory(group=group_g, author=member)
    world = World(
        case_study_a=case_study_a,
        case_study_b=case_study_b,
        group_g=group_g,
        group_h=group_h,
        thread=thread,
        event_g=EventFactory(group=group_g, title="Flow clinic", capacity=30),
        event_h=EventFactory(group=group_h, title="Quality clinic", capacity=30),
        member=member,
        topic=topic,
    )
    world.collection_slug = collection.slug
    return world


def _sign_in(world: World) -> None:
    Client().force_login(world.member)  # Django's update_last_login saves the member


def _sign_up(world: World) -> None:
    UserFactory(name="A new member")


def _bookmark(world: World) -> None:
    bookmark_add(user=world.member, case_study=world.case_study_a)


def _follow(world: World) -> None:
    follow_add(user=world.member, kind=FollowKind.TOPIC, object_id=world.topic.pk, name=world.topic.name)


def _register(world: World) -> None:
    registration_create(event=world.event_g, user=world.member)


def _audit(world: World) -> None:
    audit_record(by=world.member, action=AuditEntry.Action.EDITED, subject="A note", case_study=None)


def _question(world: World) -> None:
    question_ask(case_study=world.case_study_a, asker=world.member, text="How did you start the huddles?")


def _draft(world: World) -> None:
    CaseStudyFactory(title="Still being written", status=Status.DRAFT, author=world.member)


def _join(world: World) -> None:
    membership_join(group=world.group_h, user=world.member)


def _reply(world: World) -> None:
    post_reply(thread=world.thread, author=world.member, body="We tried that too.")


def _new_thread(world: World) -> None:
    thread_create(group=world.group_g, author=world.member, title="Huddle boards", body="Which boards work?")


def _event_edited(world: World) -> None:
    world.event_g.title = "Flow clinic: second sitting"
    world.event_g.save()


def _publish(world: World) -> None:
    submitted = CaseStudyFactory(title="Virtual wards at scale", status=Status.SUBMITTED)
    case_study_publish(case_study=submitted, by=CuratorFactory())


def _edit_published(world: World) -> None:
    world.case_study_a.title = "Huddles on every ward"
    world.case_study_a.save()


def _revision_published(world: World) -> None:
    curator = CuratorFactory()
    revision = case_study_revision_start(case_study=world.case_study_a, by=curator)
    revision.title = "Huddles on the wards, a year on"
    revision.save()
    case_study_submit(case_study=revision, by=curator)
    case_study_publish(case_study=revision, by=curator)


def _feature(world: World) -> None:
    case_study_feature(case_study=world.case_study_b, by=CuratorFactory(), featured=True)


def _withdraw(world: World) -> None:
    world.case_study_b.status = Status.ARCHIVED
    world.case_study_b.save()


def _rename_member(world: World) -> None:
    world.member.name = "Another name"
    world.member.save()


def _everything(world: World) -> None:
    retire(EVERYWHERE)


CHANGES: list[tuple[str, Callable[[World], None], set[str]]] = [
    ("a sign-in", _sign_in, set()),
    ("a sign-up", _sign_up, set()),
    ("a bookmark", _bookmark, set()),
    ("a follow", _follow, set()),
    ("an audit entry", _audit, set()),
    ("a question to the authors", _question, set()),
    ("a draft being written", _draft, set()),
    # The event's page, the events lists and its group's page show the places taken.
    ("an event registration", _register, {"home", "events", "event of G", "group G"}),
    ("a member joining a group", _join, {"home", "groups", "group H"}),
    ("a reply in a group", _reply, {"group G", "thread in G"}),
    ("a new thread in a group", _new_thread, {"group G"}),
    ("an event edited", _event_edited, {"home", "events", "event of G", "groups", "group G"}),
    ("a case study published", _publish, LIBRARY_PAGES | GROUP_PAGES),
    ("a published case study edited", _edit_published, LIBRARY_PAGES | GROUP_PAGES | {"case study A"}),
    (
        "a revision of a published case study published",
        _revision_published,
        LIBRARY_PAGES | GROUP_PAGES | {"case study A"},
    ),
    ("a case study featured", _feature, LIBRARY_PAGES | GROUP_PAGES),
    ("a case study withdrawn", _withdraw, ALL_PAGES),
    ("a member's name changed", _rename_member, ALL_PAGES),
    ("everything retired", _everything, ALL_PAGES),
]


def _is_kept(client: Client, path: str) -> bool:
    response = client.get(path)
    assert response.status_code in {200, 404}, path
    return response.context is None  # served from the page cache: no template was rendered


@pytest.mark.parametrize(("change", "expected"), [(c, e) for _, c, e in CHANGES], ids=[n for n, _, _ in CHANGES])
def test_a_change_retires_only_the_pages_that_show_it(
    settings, world, change, expected, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    visitor = Client()
    pages = world.pages()
    for path in pages.values():
        visitor.get(path)
    assert {name for name, path in pages.items() if not _is_kept(visitor, path)} == set(), "all kept at first"

    with django_capture_on_commit_callbacks(execute=True):
        change(world)

    retired = {name for name, path in pages.items() if not _is_kept(visitor, path)}
    assert retired == expected


def test_a_flushed_cache_makes_every_page_again(settings, world):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300
    visitor = Client()
    pages = world.pages()
    for path in pages.values():
        visitor.get(path)

    cache.clear()

    assert all(not _is_kept(visitor, path) for path in pages.values())
    assert all(_is_kept(visitor, path) for path in pages.values())


def _parts_made(client: Client, path: str, parts: set[str]) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    return parts & {template.name for template in response.templates}


EVENT_PARTS = {"events/includes/event_details.html", "events/includes/event_about.html"}


def test_an_event_changed_retires_its_pages_parts_for_members_and_no_other_events(
    settings, world, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    member = Client()
    member.force_login(world.member)
    pages = world.pages()
    for name in ("event of G", "event of H", "events"):
        member.get(pages[name])
    assert not _parts_made(member, pages["event of G"], EVENT_PARTS), "kept for members at first"
    assert not _parts_made(member, pages["events"], {"events/includes/event_results.html"})

    with django_capture_on_commit_callbacks(execute=True):
        world.event_g.description = "Bring a **run chart** of your own."
        world.event_g.save()

    assert _parts_made(member, pages["event of G"], EVENT_PARTS) == EVENT_PARTS
    assert "run chart" in member.get(pages["event of G"]).content.decode()
    assert _parts_made(member, pages["events"], {"events/includes/event_results.html"})
    assert not _parts_made(member, pages["event of H"], EVENT_PARTS), "another event's parts stay kept"


def test_a_registration_retires_the_places_shown_in_the_kept_details(
    settings, world, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    reader = Client()
    reader.force_login(UserFactory(name="Rita Reader"))
    path = world.pages()["event of G"]
    assert "30 of 30 places left" in reader.get(path).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _register(world)

    assert "29 of 30 places left" in reader.get(path).content.decode()
