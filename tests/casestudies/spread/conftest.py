import pytest

from casestudies.library.models import CaseStudyAuthor
from tests.casestudies.factories import CaseStudyFactory, ExternalAuthorFactory
from tests.casestudies.spread.question_helpers import ASKER_EMAIL, FIRST_AUTHOR_EMAIL, SECOND_AUTHOR_EMAIL
from tests.members.factories import UserFactory


@pytest.fixture
def asker():
    return UserFactory(email=ASKER_EMAIL, name="Sam Asker")


@pytest.fixture
def authors():
    return UserFactory(email=FIRST_AUTHOR_EMAIL, name="Priya Shah"), UserFactory(email=SECOND_AUTHOR_EMAIL)


@pytest.fixture
def case_study(authors):
    """Published, with two member authors and a named co-author who is not a member."""
    first, second = authors
    case_study = CaseStudyFactory(author=first, title="Huddles & flow <in Leeds>")
    CaseStudyAuthor.objects.create(case_study=case_study, member=second, position=1)
    ExternalAuthorFactory(case_study=case_study, position=2)
    return case_study
