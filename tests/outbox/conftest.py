import copy

import pytest

from tests.broker import broker_down, task_queue  # noqa: F401 (fixtures)
from tests.smtp import smtp_server  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def _test_email_templates(settings):
    """Adds tests/outbox/templates, which holds emails made only for these tests."""
    templates = copy.deepcopy(settings.TEMPLATES)
    emails = next(engine for engine in templates if engine.get("NAME") == "emails")
    emails["DIRS"] = [*emails["DIRS"], settings.BASE_DIR / "tests" / "outbox" / "templates"]
    settings.TEMPLATES = templates
