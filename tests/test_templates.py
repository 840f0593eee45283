"""Every template in the project, read as Django reads it."""

import datetime
from pathlib import Path

from django.conf import settings

from core.templatetags.portal import machine_time

OUTSIDE_THE_PROJECT = {".venv", "node_modules", "staticfiles", ".git"}


def project_templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted(
        path
        for folder in root.rglob("templates")
        if folder.is_dir() and not OUTSIDE_THE_PROJECT & set(folder.relative_to(root).parts)
        for path in folder.rglob("*")
        if path.is_file()
    )


def test_the_scan_finds_the_templates():
    names = {path.relative_to(settings.BASE_DIR).as_posix() for path in project_templates()}

    assert "templates/base.html" in names
    assert "tests/outbox/templates/emails/test_notice.html" in names


def test_no_template_comment_runs_over_more_than_one_line():
    """Django shows a `{# ... #}` that does not close on its own line as text on the page."""
    open_comments = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}"
        for path in project_templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]

    assert not open_comments, "Use {% comment %} for these:\n" + "\n".join(open_comments)


def test_machine_times_are_in_whole_seconds_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    moment = datetime.datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC)

    assert machine_time(moment) == "2026-07-01T10:30:15+01:00"
    assert machine_time(datetime.date(2026, 7, 1)) == "2026-07-01"
    assert machine_time(None) == ""


def test_no_template_writes_a_time_with_a_fraction_of_a_second():
    """Django's `date:'c'` keeps microseconds, which HTML's `datetime` does not allow."""
    uses = [str(path.relative_to(settings.BASE_DIR)) for path in project_templates() if "date:'c'" in path.read_text()]

    assert not uses, "Use |machine_time in: " + ", ".join(uses)
