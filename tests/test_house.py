"""The house rules that keep the code findable: no Python file over 400 lines, no function over 60.

Migrations, demo data and the benchmark's generator are exempt. Everything else is held to the
limits, except the files and functions in KNOWN_OFFENDERS (empty now), which are being split; the
list may only shrink, and the test below fails when an entry no longer needs its place.
"""

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
FILE_LINES = 400
FUNCTION_LINES = 60

# Never held to the limits: data rather than code.
EXEMPT = (
    "casestudies/demo_content.py",  # the demo library's text
    "bench/generate/",  # the benchmark's generator of a large library
)

# Files and functions being split, as "path" or "path:function". Empty now: everything keeps to
# the limits. The list may only shrink; casestudies/ and tests/casestudies/ may never be added.
KNOWN_OFFENDERS: set[str] = set()


def _python_files() -> list[tuple[str, str]]:
    found = []
    for path in sorted(BASE_DIR.rglob("*.py")):
        name = path.relative_to(BASE_DIR).as_posix()
        if name.startswith((".", "node_modules/")) or "/migrations/" in name or name.startswith(EXEMPT):
            continue
        found.append((name, path.read_text()))
    return found


def _offenders() -> dict[str, int]:
    """Each file over FILE_LINES lines (by path) and function over FUNCTION_LINES (path:name), with its length."""
    found = {}
    for name, text in _python_files():
        lines = len(text.splitlines())
        if lines > FILE_LINES:
            found[name] = lines
        for node in ast.walk(ast.parse(text, filename=name)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    found[f"{name}:{node.name}"] = length
    return found


def test_no_file_or_function_is_over_its_limit():
    new = {name: lines for name, lines in _offenders().items() if name not in KNOWN_OFFENDERS}
    assert new == {}, f"Split these (files over {FILE_LINES} lines, functions over {FUNCTION_LINES}): {new}"


def test_the_case_study_library_keeps_to_the_limits_without_exceptions():
    held = [name for name in KNOWN_OFFENDERS if name.startswith(("casestudies/", "tests/casestudies/"))]
    assert held == []


def test_every_known_offender_still_needs_its_place():
    stale = sorted(KNOWN_OFFENDERS - set(_offenders()))
    assert stale == [], f"Now within the limits, so take them off KNOWN_OFFENDERS: {stale}"


def test_the_check_finds_a_long_function_and_a_long_file_and_skips_what_is_exempt(tmp_path, monkeypatch):
    """61 lines of function and 401 of file are caught; 60 and 400 are not; migrations and demo data are skipped."""
    monkeypatch.setitem(globals(), "BASE_DIR", tmp_path)

    def function(name: str, lines: int) -> str:
        return f"def {name}():\n" + "".join(f"    x{i} = {i}\n" for i in range(lines - 1))

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(function("long", 61) + function("short", 60))
    (tmp_path / "app" / "models.py").write_text("x = 1\n" * 401)
    (tmp_path / "app" / "forms.py").write_text("x = 1\n" * 400)
    (tmp_path / "app" / "migrations").mkdir()
    (tmp_path / "app" / "migrations" / "0001_initial.py").write_text("x = 1\n" * 500)
    (tmp_path / "casestudies").mkdir()
    (tmp_path / "casestudies" / "demo_content.py").write_text("x = 1\n" * 500)

    assert _offenders() == {"app/views.py:long": 61, "app/models.py": 401}
