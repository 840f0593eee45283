"""The benchmark's own databases: one per data size, made once and reused while nothing changed.

A database is reused only when its fingerprint matches: the sizes, the generator's source and
every migration. Otherwise it is dropped and generated afresh, so a run never measures stale data.
"""

import hashlib
import json
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from .config import BASE_DIR, Sizes

PREFIX = "qp_bench_"


def database_name(sizes: Sizes) -> str:
    return PREFIX + sizes.database_suffix


def database_url(admin_url: str, name: str) -> str:
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path="/" + name))


def fingerprint(sizes: Sizes) -> str:
    digest = hashlib.sha256(repr(sorted(sizes.as_dict().items())).encode())
    sources = sorted((BASE_DIR / "bench" / "generate").glob("*.py"))
    sources += sorted(BASE_DIR.glob("*/migrations/0*.py"))
    for path in sources:
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stored_fingerprint(url: str) -> str | None:
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT value FROM bench_fingerprint WHERE to_regclass('bench_fingerprint') IS NOT NULL"
            ).fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def store_fingerprint(url: str, value: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_fingerprint (value text NOT NULL)")
        conn.execute("DELETE FROM bench_fingerprint")
        conn.execute("INSERT INTO bench_fingerprint (value) VALUES (%s)", [value])


def recreate(admin_url: str, name: str) -> None:
    if not name.startswith(PREFIX):
        raise ValueError(f"refusing to drop {name!r}: benchmark databases are named {PREFIX}*")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], env=env, check=True, cwd=BASE_DIR)


def ensure(sizes: Sizes, *, admin_url: str, env: dict[str, str], regenerate: bool, log) -> str:
    """Returns the URL of a database holding exactly `sizes` of generated data, making it if needed."""
    name = database_name(sizes)
    url = database_url(admin_url, name)
    wanted = fingerprint(sizes)
    if not regenerate and stored_fingerprint(url) == wanted:
        log(f"reusing {name} ({sizes.label})")
        return url
    log(f"generating {name} ({sizes.label}); this takes a few minutes at full scale")
    recreate(admin_url, name)
    child = {**env, "DATABASE_URL": url}
    manage(child, "migrate", "--noinput", "--verbosity", "0")
    subprocess.run(
        [sys.executable, "-m", "bench", "generate", "--sizes", json.dumps(sizes.as_dict())],
        env=child,
        check=True,
        cwd=BASE_DIR,
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    store_fingerprint(url, wanted)
    return url


def environment(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(overrides)
    return env
