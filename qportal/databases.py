"""How the site talks to PostgreSQL: a pool of connections per process, checked as each is handed
out, with the statements sent on every request prepared once a connection and no JIT compiling."""

from typing import Any

import dj_database_url

from qportal.env import env_bool, env_int


def database(url: str) -> dict[str, Any]:
    """Django's settings for the database at `url` (DATABASE_URL, or a replica's)."""
    settings: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    options = settings.setdefault("OPTIONS", {})
    # Lets the statements sent on every request be prepared once a connection (core/fixed_sql.py);
    # 0 for a connection pooler that cannot keep prepared statements. Django's own are never prepared.
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        options["prepare_threshold"] = 5
    # PostgreSQL's JIT compiler spent longer compiling the library's counts than it saved (55 ms of one).
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    if env_bool("DATABASE_POOL", default=True):
        # Django's own psycopg 3 pool; persistent connections (CONN_MAX_AGE) must stay off with it.
        options["pool"] = {
            "min_size": 1,
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
            # How long a request waits for a connection before it is answered 503 (qportal.views.server_error).
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
        }
        # Django has the pool check each connection as it hands it out (CONN_HEALTH_CHECKS), so none
        # left broken by a PostgreSQL restart is used: the site comes back by itself.
        settings["CONN_HEALTH_CHECKS"] = True
    return settings
