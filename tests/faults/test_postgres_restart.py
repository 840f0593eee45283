"""PostgreSQL restarted under load: while it is down requests are answered 503 with a page that
tries again (never 500), and once it is back the site serves again by itself, without a restart.

The test runs a PostgreSQL of its own (the pgserver wheel, as qportal/devservices.py does) and the
site in gunicorn against it, so the shared server is never stopped."""

import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pgserver
import pytest

from tests.processes import ROOT, free_port, process_environment, stop, wait_for

pytestmark = pytest.mark.slow

PAGES = ["/", "/events/", "/groups/", "/case-studies/", "/accounts/login/", "/api/v1/case-studies/"]


def status_of(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


class OwnPostgres:
    def __init__(self, pgdata) -> None:
        self.server = pgserver.get_server(pgdata, cleanup_mode="stop")
        self.pgdata = pgdata
        self.server.psql("CREATE DATABASE portal;")
        self.url = self.server.get_uri("portal")
        self.socket_dir = parse_qs(urlsplit(self.url).query)["host"][0]

    def pg_ctl(self, *args: str) -> None:
        pgserver.pg_ctl(["-w", *args], pgdata=self.pgdata, user=self.server.system_user, timeout=60)

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def start(self) -> None:
        self.pg_ctl("-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.pgdata / "log"), "start")


class Load:
    """Visitors asking for the pages without pause, in threads, until stopped; keeps every status."""

    def __init__(self, base: str, visitors: int = 3) -> None:
        self.base = base
        self.statuses: Counter[int] = Counter()
        self.running = threading.Event()
        self.running.set()
        self.threads = [threading.Thread(target=self.visit, args=(n,)) for n in range(visitors)]

    def visit(self, offset: int) -> None:
        n = offset
        while self.running.is_set():
            status, _ = status_of(self.base + PAGES[n % len(PAGES)])
            self.statuses[status] += 1
            n += 1

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.fixture
def own_postgres():
    # Not under pytest's own temporary folder: pytest keeps that to root alone, and PostgreSQL
    # runs as another user (pgserver's) when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="qportal-pg-"))
    folder.chmod(0o755)
    postgres = OwnPostgres(folder / "pgdata")
    try:
        yield postgres
    finally:
        postgres.server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def test_a_postgres_restart_under_load_is_answered_503_and_the_site_recovers_by_itself(own_postgres, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = process_environment(
        DATABASE_URL=own_postgres.url,
        DEBUG="0",
        SITE_URL=base,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_POOL_TIMEOUT="2",
        PAGE_CACHE_SECONDS="0",
    )
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stderr
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "qportal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "2", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(lambda: status_of(base + "/")[0] == 200, timeout=60, what="the site to serve")
        with Load(base) as load:
            wait_for(lambda: load.statuses[200] >= 20, timeout=60, what="some pages served")
            own_postgres.stop()
            status, page = wait_for(
                lambda: (answer := status_of(base + "/events/"))[0] != 200 and answer, timeout=60, what="a 503"
            )
            assert status == 503
            assert "Sorry, the service is not available just now" in page
            assert "it has not been saved" in page
            health = status_of(base + "/healthz")
            assert health[0] == 503
            assert '"unavailable"' in health[1]
            while_down = load.statuses[503]
            wait_for(lambda: load.statuses[503] > while_down + 5, timeout=60, what="more visitors answered 503")

            own_postgres.start()
            served = load.statuses[200]
            wait_for(lambda: load.statuses[200] > served + 20, timeout=60, what="the site to serve again by itself")
        assert all(status_of(base + page)[0] == 200 for page in PAGES)
        assert set(load.statuses) <= {200, 503}, load.statuses
    finally:
        stop(server)
        log.close()
