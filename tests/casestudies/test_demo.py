import pytest

from casestudies import demo as library_demo
from casestudies.models import CaseStudy, Collection, Status
from members import demo as members_demo

pytestmark = pytest.mark.django_db


def test_the_demo_library_is_realistic_and_seeding_twice_changes_nothing():
    members_demo.seed()
    library_demo.seed()
    library_demo.seed()
    published = CaseStudy.objects.published()
    assert published.count() >= 40
    assert CaseStudy.objects.filter(status=Status.DRAFT).count() == 1
    assert Collection.objects.count() == 2
    assert Collection.objects.featured().get().slug == "improving-productivity"
    assert not published.filter(topics__isnull=True).exists()
    assert not published.filter(search_vector__isnull=True).exists()
    assert published.filter(title__contains="62%").exists()
