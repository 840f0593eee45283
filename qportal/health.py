"""Checks that the portal's backing services answer."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means unhealthy; the message says which
        return False, f"{type(exc).__name__}: {exc}"
    return True, "ok"


def broker_ok() -> tuple[bool, str]:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            conn.default_channel.client.ping()
    except Exception as exc:  # any failure means unhealthy; the message says which
        return False, f"{type(exc).__name__}: {exc}"
    return True, "ok"


def cache_ok() -> tuple[bool, str]:
    status = getattr(cache, "status", None)
    return status() if status else (True, "ok")
