"""`python -m tools.screenshots`: asking for help gives help, never a run into a folder named --help."""

import subprocess
import sys
from pathlib import Path

from tools.screenshots import arguments

BASE_DIR = Path(__file__).resolve().parent.parent


def test_help_describes_the_tool_and_takes_no_screenshots(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tools.screenshots", "--help"], cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": str(BASE_DIR), "PATH": "/usr/bin:/bin"}, timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode == 0
    assert "1280 and 390" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_folder_is_screenshots_unless_named():
    assert arguments([]).folder == Path("screenshots")
    assert arguments(["shots/today"]).folder == Path("shots/today")
