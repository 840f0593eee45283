"""`make run` from a clean copy of the repository, with no servers configured."""

import os
import shutil
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from tests.processes import ROOT, free_port, wait_for

pytestmark = pytest.mark.slow


def clean_copy(destination: Path) -> None:
    """Copies what a fresh clone would hold: tracked files and new files git does not ignore."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            target = destination / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def status_of(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def test_make_run_serves_the_site_with_embedded_services_from_a_clean_copy(tmp_path):
    repo = tmp_path / "portal"
    clean_copy(repo)
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "SITE_URL", "ALLOWED_HOSTS"}
    }
    env.update(PORT=str(port), PIP_DISABLE_PIP_VERSION_CHECK="1")
    log = (tmp_path / "make-run.log").open("w+")
    process = subprocess.Popen(
        ["make", "run"], cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: status_of(base + "/") == 200 or process.poll() is not None, timeout=600, interval=1)
        assert process.poll() is None, (tmp_path / "make-run.log").read_text()[-5000:]
        assert status_of(base + "/accounts/login/") == 200
        assert status_of(base + "/healthz") == 200
        output = lambda: (tmp_path / "make-run.log").read_text()  # noqa: E731
        wait_for(lambda: "ready." in output() and "beat: Starting" in output(), timeout=60, what="worker and beat")
        assert "Sign in with:" in output(), "demo accounts are listed in development"
        assert (repo / ".data" / "postgres").is_dir()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    wait_for(lambda: status_of(f"http://127.0.0.1:{port}/") is None, timeout=30, what="the site to stop")
