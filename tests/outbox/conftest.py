import copy

import pytest

from tests.broker import broker_down, task_queue  # noqa: F401 (fixtures)
from tests.smtp import smtp_server  # noqa: F401 (a fixture)


def use_email_template_dirs(settings, dirs: list) -> None:
    """Makes the emails engine read its templates from these folders, for one test."""
    templates = copy.deepcopy(settings.TEMPLATES)
    emails = next(engine for engine in templates if engine.get("NAME") == "emails")
    emails["DIRS"] = dirs
    settings.TEMPLATES = templates  # Django makes its engines afresh when this setting changes


@pytest.fixture(autouse=True)
def _test_email_templates(settings):
    """Adds tests/outbox/templates, which holds emails made only for these tests."""
    emails = next(engine for engine in settings.TEMPLATES if engine.get("NAME") == "emails")
    use_email_template_dirs(settings, [*emails["DIRS"], settings.BASE_DIR / "tests" / "outbox" / "templates"])
