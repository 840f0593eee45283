"""Every template in the project, read as Django reads it."""

from pathlib import Path

from django.conf import settings

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
