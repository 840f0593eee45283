import copy

import pytest


@pytest.fixture(autouse=True)
def _test_email_templates(settings):
    """Adds tests/outbox/templates, which holds emails made only for these tests."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], settings.BASE_DIR / "tests" / "outbox" / "templates"]
    settings.TEMPLATES = templates
