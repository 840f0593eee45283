import pytest

from tests.casestudies.factories import CareSettingFactory, TopicFactory
from tests.members.factories import UserFactory


@pytest.fixture
def author(client):
    """A member, signed in."""
    member = UserFactory()
    client.force_login(member)
    return member


@pytest.fixture
def tags():
    return {"topics": [str(TopicFactory().pk)], "care_settings": [str(CareSettingFactory().pk)]}
