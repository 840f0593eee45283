from importlib import import_module

import pytest

from casestudies.library.models import SynonymGroup


@pytest.fixture
def seeded_vocabulary(db) -> list[SynonymGroup]:
    """The search vocabulary as its data migration seeds it (tests start from empty tables)."""
    groups = import_module("casestudies.migrations.0014_seed_search_vocabulary").GROUPS
    return SynonymGroup.objects.bulk_create(SynonymGroup(forms="\n".join(group)) for group in groups)
