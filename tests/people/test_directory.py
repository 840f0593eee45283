"""The member directory at /members/: find others by name, organisation, topic and region;
blocked, hidden and deleted members never appear; bad input gets a clear message, never a 500."""

import pytest
from django.urls import reverse

from core.middleware import REFUSED_MESSAGE
from members.models import ProfileVisibility
from members.services import account_delete, block_add
from people.models import WorkProfile
from tests.casestudies.factories import CaseStudyFactory, RegionFactory, TopicFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("people:directory")


def working_on(person, topics=(), region=None):
    work = WorkProfile.objects.create(user=person, region=region)
    work.topics.set(topics)
    return person


@pytest.fixture
def places(db):
    return {
        "discharge": TopicFactory(name="Discharge", slug="discharge"),
        "falls": TopicFactory(name="Falls", slug="falls"),
        "north-west": RegionFactory(name="North West", slug="north-west"),
        "london": RegionFactory(name="London", slug="london"),
    }


def names(response) -> set[str]:
    return {person.name for person in response.context["page"].object_list}


def test_who_else_works_on_discharge_in_the_north_west(member_client, places):
    working_on(UserFactory(name="Priya Shah"), [places["discharge"]], places["north-west"])
    working_on(UserFactory(name="Sam Jones"), [places["discharge"]], places["london"])
    working_on(UserFactory(name="Ali Khan"), [places["falls"]], places["north-west"])
    author = working_on(UserFactory(name="Jo Author"), [], places["north-west"])
    CaseStudyFactory(author=author, topics=[places["discharge"]])

    response = member_client.get(DIRECTORY, {"topic": "discharge", "region": "north-west"})

    assert response.status_code == 200
    assert names(response) == {"Priya Shah", "Jo Author"}


def test_members_are_found_by_name_and_organisation(member_client):
    UserFactory(name="Priya Shah", organisation="Leeds Teaching Hospitals")
    UserFactory(name="Sam Jones", organisation="Bradford Care")

    assert names(member_client.get(DIRECTORY, {"name": "priya"})) == {"Priya Shah"}
    assert names(member_client.get(DIRECTORY, {"organisation": "bradford"})) == {"Sam Jones"}


def test_blocked_hidden_and_deleted_members_never_appear(member_client, user):
    UserFactory(name="Shown Member")
    blocker = UserFactory(name="Blocker Member")
    block_add(blocker=blocker, blocked=user)
    blocked = UserFactory(name="Blocked Member")
    block_add(blocker=user, blocked=blocked)
    UserFactory(name="Hidden Member", profile_visibility=ProfileVisibility.HIDDEN)
    account_delete(user=UserFactory(name="Deleted Member"))
    UserFactory(name="Closed Member", is_active=False)

    response = member_client.get(DIRECTORY)

    assert names(response) == {"Shown Member"}
    assert "Blocked Member" in response.content.decode()  # in the list of members you blocked, to unblock


def test_the_blocker_is_hidden_from_the_blocked_member_too(client):
    blocker, blocked = UserFactory(name="Blocker Member"), UserFactory(name="Blocked Member")
    block_add(blocker=blocker, blocked=blocked)
    client.force_login(blocked)
    assert "Blocker Member" not in client.get(DIRECTORY).content.decode()


def test_visitors_are_asked_to_sign_in(client):
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"topic": "no-such-topic"}, "There is no such topic"),
        ({"region": "atlantis"}, "There is no such region"),
        ({"name": "x" * 500}, "Ensure this value has at most 150 characters"),
    ],
)
def test_bad_directory_searches_are_explained(member_client, query, message):
    response = member_client.get(DIRECTORY, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_nul_in_a_search_is_explained_rather_than_failing(member_client):
    UserFactory(name="Priya Shah")
    response = member_client.get(DIRECTORY, {"name": "pri\x00ya"})
    assert response.status_code == 400
    # Refused for the whole site in one place (core.middleware), with the same message everywhere.
    assert REFUSED_MESSAGE in response.content.decode()


def test_the_directory_runs_a_fixed_number_of_queries(member_client, places, django_assert_max_num_queries):
    working_on(UserFactory(), [places["discharge"], places["falls"]], places["north-west"])
    with django_assert_max_num_queries(16) as few:
        assert member_client.get(DIRECTORY, {"topic": "discharge"}).status_code == 200
    for _ in range(15):
        working_on(UserFactory(), [places["discharge"], places["falls"]], places["north-west"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert member_client.get(DIRECTORY, {"topic": "discharge"}).status_code == 200
