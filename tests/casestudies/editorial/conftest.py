import pytest

from tests.casestudies.factories import CareSettingFactory, TopicFactory
from tests.members.factories import UserFactory


def _signed_in(client, **fields):
    member = UserFactory(**fields)
    client.force_login(member)
    return member


@pytest.fixture
def author(client):
    """A member, signed in."""
    return _signed_in(client)


@pytest.fixture
def named_author(client):
    """Ada Author, a ward manager, signed in: for pages that show the author's name and role."""
    return _signed_in(client, name="Ada Author", job_title="Ward manager")


@pytest.fixture
def tags():
    return {"topics": [str(TopicFactory().pk)], "care_settings": [str(CareSettingFactory().pk)]}
