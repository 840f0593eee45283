"""The benchmark's own databases: one per data size, made once and kept.

Each run migrates the database and lets the generator add what it lacks (the data of apps that
landed since); when the generator or the sizes changed, the database is dropped and made afresh,
so a run never measures stale data.
"""

import json
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from .config import BASE_DIR, Sizes

PREFIX = "qp_bench_"
STALE = 3  # the exit status of `python -m bench generate` for a database to make afresh


def database_name(sizes: Sizes) -> str:
    return PREFIX + sizes.database_suffix


def database_url(admin_url: str, name: str) -> str:
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path="/" + name))


def exists(admin_url: str, name: str) -> bool:
    with psycopg.connect(admin_url) as conn:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = %s)", [name]).fetchone()[0]


def recreate(admin_url: str, name: str) -> None:
    if not name.startswith(PREFIX):
        raise ValueError(f"refusing to drop {name!r}: benchmark databases are named {PREFIX}*")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], env=env, check=True, cwd=BASE_DIR)


def _generate(sizes: Sizes, env: dict[str, str]) -> subprocess.CompletedProcess:
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    return subprocess.run(
        [sys.executable, "-m", "bench", "generate", "--sizes", json.dumps(sizes.as_dict())],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )


def ensure(sizes: Sizes, *, admin_url: str, env: dict[str, str], regenerate: bool, log) -> str:
    """Returns the URL of a database holding exactly `sizes` of generated data, making what it lacks."""
    name = database_name(sizes)
    url = database_url(admin_url, name)
    child = {**env, "DATABASE_URL": url}
    fresh = regenerate or not exists(admin_url, name)
    if fresh:
        recreate(admin_url, name)
    log(f"{'generating' if fresh else 'checking'} {name} ({sizes.label})")
    completed = _generate(sizes, child)
    if completed.returncode == STALE:
        log(f"{name} was made by another generator or for other sizes: making it afresh")
        recreate(admin_url, name)
        completed = _generate(sizes, child)
    if completed.returncode != 0:
        raise SystemExit(f"generating {name} failed (exit status {completed.returncode})")
    counts = json.loads(completed.stdout.strip().splitlines()[-1])
    if counts.get("steps_run"):
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    return url
