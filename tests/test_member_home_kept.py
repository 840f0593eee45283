"""A member's home keeps its costly sections per member (qportal.member_home): two members and a
visitor asking in turns never see each other's, the page runs few queries once they are kept, and
every change that alters what it shows is on the next request."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.editorial.services.review import case_study_request_changes
from casestudies.editorial.services.revisions import case_study_revision_start
from casestudies.editorial.services.submission import case_study_submit
from casestudies.library.models import Status
from casestudies.spread.models import AuthorQuestion
from casestudies.spread.services.questions import question_reply, question_report
from events.services import registration_create
from groups.services import membership_join, membership_leave, post_reply, thread_create
from members.models import FollowKind
from members.services import follow_add, follow_remove, follows_set
from tests.casestudies.factories import AdaptationFactory, CareSettingFactory, CaseStudyFactory, TopicFactory
from tests.events.factories import EventFactory
from tests.groups.factories import GroupFactory, MembershipFactory, ThreadFactory
from tests.members.factories import UserFactory
from tests.readers import parts_made, reader
from tests.round_trips import redis_round_trips

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
HOME = reverse("home")
PARTS = {"home/member_new_work.html", "home/member_discussion.html", "home/member_your_work.html"}


def page(client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def world():
    """Alice and Bob follow different topics, belong to different groups and wrote different work."""
    alice, bob = UserFactory(name="Alice Ashworth"), UserFactory(name="Bob Bellamy")
    flow, rotas = TopicFactory(name="Patient flow"), TopicFactory(name="Rota planning")
    follow_add(user=alice, kind=FollowKind.TOPIC, object_id=flow.pk, name=flow.name)
    follow_add(user=bob, kind=FollowKind.TOPIC, object_id=rotas.pk, name=rotas.name)
    CaseStudyFactory(title="Discharge before noon", topics=[flow])
    CaseStudyFactory(title="Self-rostering nurses", topics=[rotas])
    wards, theatres = GroupFactory(name="Ward leaders"), GroupFactory(name="Theatre teams")
    MembershipFactory(group=wards, user=alice)
    MembershipFactory(group=theatres, user=bob)
    ThreadFactory(group=wards, title="Board rounds at 9am?")
    ThreadFactory(group=theatres, title="Late starts in theatre")
    CaseStudyFactory(title="Alice's draft", author=alice, status=Status.DRAFT)
    CaseStudyFactory(title="Bob's draft", author=bob, status=Status.DRAFT)
    return {"alice": alice, "bob": bob, "flow": flow, "rotas": rotas, "wards": wards, "theatres": theatres}


ALICES = ("Discharge before noon", "Board rounds at 9am?", "Alice&#x27;s draft", "Welcome back, Alice")
BOBS = ("Self-rostering nurses", "Late starts in theatre", "Bob&#x27;s draft", "Welcome back, Bob")
# A visitor's front page lists the latest case studies, but nothing of any member's own.
PERSONAL = tuple(
    text for text in ALICES + BOBS if "draft" in text or "Welcome" in text or "?" in text or "theatre" in text
)


def test_two_members_and_a_visitor_asking_in_turns_never_see_each_others_sections(world):
    alice, bob, visitor = reader(world["alice"]), reader(world["bob"]), reader()
    for turn in range(3):
        for client, own, others in ((alice, ALICES, BOBS), (bob, BOBS, ALICES), (visitor, (), PERSONAL)):
            response = client.get(HOME)
            shown = response.content.decode()
            assert all(text in shown for text in own)
            assert not any(text in shown for text in others)
            if turn and client is not visitor:
                assert parts_made(response, PARTS) == set(), "the sections were kept"


def test_a_members_home_runs_few_queries_once_its_sections_are_kept(world, django_assert_max_num_queries):
    alice = reader(world["alice"])
    registration_create(event=EventFactory(title="Flow clinic"), user=world["alice"])
    page(alice)
    # The member, their events, their follows and their groups.
    with django_assert_max_num_queries(4):
        assert "Discharge before noon" in page(alice)


def test_a_members_kept_sections_come_with_their_versions_in_one_round_trip(world):
    alice = reader(world["alice"])
    page(alice)

    with redis_round_trips() as sent:
        response = alice.get(HOME)

    assert parts_made(response, PARTS) == set(), "the sections were kept"
    # The page's versions with the session; then the versions of Alice's work and groups with her
    # sections, whose keys follow from her follows and groups.
    assert len(sent) == 2, sent


def test_new_work_in_what_the_member_follows_shows_on_the_next_request(world):
    alice = reader(world["alice"])
    assert "Waits halved" not in page(alice)
    CaseStudyFactory(title="Waits halved", topics=[world["flow"]])
    assert "Waits halved" in page(alice)


def test_following_and_unfollowing_show_on_the_next_request_even_when_written_in_bulk(world):
    alice, rotas = reader(world["alice"]), world["rotas"]
    assert "Self-rostering nurses" not in page(alice)
    follow_add(user=world["alice"], kind=FollowKind.TOPIC, object_id=rotas.pk, name=rotas.name)
    assert "Self-rostering nurses" in page(alice)
    follow_remove(user=world["alice"], kind=FollowKind.TOPIC, object_id=rotas.pk, name=rotas.name)
    assert "Self-rostering nurses" not in page(alice)
    follows_set(user=world["alice"], kind=FollowKind.TOPIC, object_ids=[rotas.pk])
    shown = page(alice)
    assert "Self-rostering nurses" in shown
    assert "Discharge before noon" not in shown


def test_threads_and_replies_in_the_members_groups_show_on_the_next_request(world):
    alice_member, someone = world["alice"], UserFactory()
    MembershipFactory(group=world["wards"], user=someone)
    alice = reader(alice_member)
    assert "Who runs huddles?" not in page(alice)
    thread_create(group=world["wards"], author=someone, title="Who runs huddles?", body="Asking for a friend.")
    assert "Who runs huddles?" in page(alice)
    mine = thread_create(group=world["wards"], author=alice_member, title="My question", body="Any tips?")
    assert "new reply" not in page(alice)
    post_reply(thread=mine, author=someone, body="Start small.")
    assert "1 new reply" in page(alice)
    post_reply(thread=mine, author=alice_member, body="Thanks.")
    assert "new reply" not in page(alice)


def test_joining_leaving_and_following_groups_show_on_the_next_request(world):
    alice_member, alice = world["alice"], reader(world["alice"])
    assert "Late starts in theatre" not in page(alice)
    membership_join(group=world["theatres"], user=alice_member)
    assert "Late starts in theatre" in page(alice)
    membership_leave(group=world["theatres"], user=alice_member)
    assert "Late starts in theatre" not in page(alice)
    follow_add(user=alice_member, kind=FollowKind.GROUP, object_id=world["theatres"].pk, name="Theatre teams")
    assert "Late starts in theatre" in page(alice)


def test_a_private_group_followed_shows_its_threads_only_once_the_member_belongs(world):
    alice_member, alice = world["alice"], reader(world["alice"])
    secret = GroupFactory(name="Secret group", private=True)
    ThreadFactory(group=secret, title="Private conversation")
    follow_add(user=alice_member, kind=FollowKind.GROUP, object_id=secret.pk, name=secret.name)
    assert "Private conversation" not in page(alice)
    MembershipFactory(group=secret, user=alice_member)
    assert "Private conversation" in page(alice)


def test_a_renamed_thread_or_group_shows_on_the_next_request(world):
    alice = reader(world["alice"])
    page(alice)
    thread = world["wards"].threads.get()
    thread.title = "Board rounds at 8am?"
    thread.save()
    assert "Board rounds at 8am?" in page(alice)
    world["wards"].name = "Ward sisters"
    world["wards"].save()
    assert "Ward sisters" in page(alice)


def test_registrations_questions_adaptations_and_submissions_show_on_the_next_request(world):
    alice_member, alice = world["alice"], reader(world["alice"])
    published = CaseStudyFactory(title="Alice's published work", author=alice_member)
    page(alice)
    registration_create(event=EventFactory(title="Flow clinic"), user=alice_member)
    AuthorQuestion.objects.create(case_study=published, asker=UserFactory(), text="How did you measure it?")
    AdaptationFactory(case_study=published, organisation="Leeds Community Trust")
    draft = alice_member.case_study_authorships.get(case_study__title="Alice's draft").case_study
    draft.status = Status.SUBMITTED
    draft.save()
    shown = page(alice)
    assert "Flow clinic" in shown
    assert "not answered yet" in shown
    assert "Leeds Community Trust is adapting" in shown
    assert "Submitted" in shown


def test_work_the_member_now_writes_leaves_their_new_work(world):
    alice_member, alice = world["alice"], reader(world["alice"])
    assert "Discharge before noon" in page(alice)
    case_study = CaseStudyFactory._meta.model.objects.get(title="Discharge before noon")
    case_study.authors.create(member=alice_member)
    assert "Discharge before noon" not in page(alice)


def test_old_threads_and_work_are_not_shown(world):
    alice = reader(world["alice"])
    long_ago = timezone.now() - timedelta(days=400)
    CaseStudyFactory(title="Old flow work", topics=[world["flow"]], published_at=long_ago)
    old = ThreadFactory(group=world["wards"], title="Old thread")
    type(old).objects.filter(pk=old.pk).update(created_at=long_ago)
    shown = page(alice)
    assert "Old flow work" not in shown
    assert "Old thread" not in shown


def test_review_steps_that_move_a_status_without_signals_show_on_the_authors_next_request(world):
    alice_member, alice = world["alice"], reader(world["alice"])
    draft = CaseStudyFactory(
        title="Alice's second draft",
        author=alice_member,
        status=Status.DRAFT,
        topics=[world["flow"]],
        care_settings=[CareSettingFactory()],
    )
    assert "Submitted" not in page(alice)
    case_study_submit(case_study=draft, by=alice_member)
    assert "Submitted" in page(alice)
    curator = UserFactory(is_staff=True)
    case_study_request_changes(case_study=draft, by=curator, message="Please add your measures.")
    assert "Changes requested" in page(alice)


def test_a_revision_started_shows_among_the_authors_work_in_progress(world):
    alice_member, alice = world["alice"], reader(world["alice"])
    published = CaseStudyFactory(title="Alice's published work", author=alice_member)
    assert "Alice&#x27;s published work" not in page(alice)
    case_study_revision_start(case_study=published, by=alice_member)
    assert "Alice&#x27;s published work" in page(alice)


def test_answering_and_reporting_a_question_show_on_the_next_request(world):
    alice_member, alice = world["alice"], reader(world["alice"])
    published = CaseStudyFactory(title="Alice's published work", author=alice_member)
    question = AuthorQuestion.objects.create(case_study=published, asker=UserFactory(), text="How did you measure it?")
    assert "not answered yet" in page(alice)
    question_reply(question=question, author=alice_member, text="With a run chart of daily discharges.")
    shown = page(alice)
    assert "answered" in shown
    assert "not answered yet" not in shown
    question_report(question=question, author=alice_member, reason="Spam")
    assert "About “Alice&#x27;s published work”" not in page(alice)


def test_a_co_author_added_sees_the_questions_about_the_work(world):
    bob_member, bob = world["bob"], reader(world["bob"])
    published = CaseStudyFactory(title="Alice's published work", author=world["alice"])
    AuthorQuestion.objects.create(case_study=published, asker=UserFactory(), text="How did you measure it?")
    assert "not answered yet" not in page(bob)
    published.authors.create(member=bob_member)
    assert "not answered yet" in page(bob)
    published.authors.filter(member=bob_member).delete()
    assert "not answered yet" not in page(bob)


def test_a_member_who_follows_nothing_gets_suggestions_in_few_queries(django_assert_max_num_queries):
    newcomer = reader(UserFactory())
    CaseStudyFactory(topics=[TopicFactory(name="Patient flow")])
    page(newcomer)
    with django_assert_max_num_queries(4):
        assert "Follow Patient flow" in page(newcomer)


def test_suggestions_follow_the_library_and_leave_out_what_the_member_follows(
    world, django_capture_on_commit_callbacks
):
    alice = reader(world["alice"])
    long_ago = timezone.now() - timedelta(days=400)
    CaseStudyFactory._meta.model.objects.filter(topics=world["flow"]).update(published_at=long_ago)
    shown = page(alice)
    assert "Follow Rota planning" in shown
    assert "Follow Patient flow" not in shown
    # The library's counts, which the suggestions are ranked by, change once the change commits.
    with django_capture_on_commit_callbacks(execute=True):
        CaseStudyFactory(topics=[TopicFactory(name="Frailty")])
    shown = page(alice)
    assert "Follow Frailty" in shown
    assert "Follow Patient flow" not in shown
