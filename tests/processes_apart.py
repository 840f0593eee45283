"""A pytest plugin, loaded before Django's settings (`-p` in pyproject's addopts): each
pytest-xdist worker gets a Redis database of its own, as pytest-django gives it a PostgreSQL
database of its own. Tests clear the cache, which empties the whole Redis database, and read the
broker's queues; two workers sharing one would clear each other's. The processes a test starts
(a Celery worker, the site) inherit the same REDIS_URL.
"""

import os

from qportal.devservices import redis_db, redis_url_with_db

REDIS_DATABASES = 16


def _own_database(url: str, worker: str) -> str:
    index = int(worker.removeprefix("gw"))
    # The databases after the one named, so the suite never clears that one.
    return redis_url_with_db(url, (redis_db(url) + 1 + index) % REDIS_DATABASES)


if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = _own_database(os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"])
