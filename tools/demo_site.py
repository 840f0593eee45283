"""The portal as production runs it (gunicorn, DEBUG off, collected static files), with the demo
content, in a database of its own, for the tools that look at it (screenshots, Lighthouse).

The database is made afresh on the server DATABASE_URL names (or the embedded one, as `make run`
uses), beside the development database rather than in it: a tool signs in and turns on
two-factor authentication for the demo curator, which must not change the demo accounts a person
uses, and a fresh database shows the same pages on every run. It is dropped afterwards. Cache keys
and Celery tasks are kept apart from a running development site's by their own prefix and queue.
"""

import contextlib
import hashlib
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import IO
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

import psycopg
import redis

from qportal.devservices import BASE_DIR, DATA_DIR, log, service_environment

SUFFIX = "_tools"
QUEUE = "tools"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def _recreate(url: str, name: str, *, create: bool = True) -> None:
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=BASE_DIR, check=True)


def _answers(url: str) -> bool:
    try:
        with urlopen(url + "/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def demo_site() -> Iterator[str]:
    """Yields the address of the running site; stops it and drops its database afterwards."""
    env = service_environment()
    database = urlsplit(env["DATABASE_URL"]).path.strip("/") + SUFFIX
    _recreate(env["DATABASE_URL"], database)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env.update(
        DATABASE_URL=_with_database(env["DATABASE_URL"], database),
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or "tools-only-" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest(),
        SITE_URL=url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CACHE_KEY_PREFIX="qportal" + SUFFIX,
        CELERY_TASK_DEFAULT_QUEUE=QUEUE,
    )
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    server_log = DATA_DIR / "demo-site.log"
    try:
        log(f"making the demo site in the database {database}")
        _manage(env, "migrate", "--noinput", "--verbosity", "0")
        _manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        _manage(env, "seed_demo")
        with server_log.open("w") as output, _gunicorn(env, port, output) as server:
            deadline = time.monotonic() + 60
            while not _answers(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start (exit code {server.poll()}); see {server_log}.")
                time.sleep(0.2)
            log(f"the demo site answers at {url} (its log: {server_log})")
            yield url
    finally:
        _recreate(env["DATABASE_URL"], database, create=False)
        # Emails the visit queued (no worker takes this queue) go with it.
        redis.Redis.from_url(env["REDIS_URL"]).delete(QUEUE, f"_kombu.binding.{QUEUE}")


@contextlib.contextmanager
def _gunicorn(env: dict[str, str], port: int, output: IO[str]) -> Iterator[subprocess.Popen]:
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "qportal.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--threads", "2", "--no-control-socket", "--error-logfile", "-",
        ],
        env=env, cwd=BASE_DIR, stdout=output, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def first_item(site: str, listing: str) -> str:
    """The address of the first item a list page links to (the demo's slugs are not fixed)."""
    with urlopen(site + listing, timeout=30) as response:
        page = response.read().decode()
    main = page[page.find("<main") :]
    depth = listing.rstrip("/").count("/") + 1
    for href in re.findall(r'href="(' + re.escape(listing) + r'[^"?#]+)"', main):
        if href.rstrip("/").count("/") == depth and not href.rstrip("/").endswith(("/feed", "/new", "/share")):
            return site + href
    raise SystemExit(f"{listing} links to nothing to look at.")


if __name__ == "__main__":
    # For a look by hand: python -m tools.demo_site, then Ctrl-C.
    with demo_site() as address:
        print(address, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
