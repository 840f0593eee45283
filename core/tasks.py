import logging

from celery import Task, shared_task
from django.core.cache import cache

logger = logging.getLogger(__name__)


def delay_in_batches(task: Task, ids: list[int], *, size: int, refused: str) -> None:
    """Queues `task` once per batch of `size` ids. A batch the broker refuses (it is down) is
    logged with `refused` (which takes the batch's length) and left for whatever retries it."""
    for offset in range(0, len(ids), size):
        batch = ids[offset : offset + size]
        try:
            task.delay(batch)
        except Exception:
            logger.warning(refused, len(batch), exc_info=True)


@shared_task
def ping(token: str) -> None:
    """Leaves a mark in the shared cache, so a caller can see that a worker ran the task."""
    cache.set(f"celery-ping:{token}", "pong", timeout=300)


@shared_task
def cache_recover() -> bool:
    """Retires what the cache holds from before a write that could not reach Redis (qportal/resilient_cache.py)."""
    recover = getattr(cache, "recover", None)
    status = getattr(cache, "status", None)
    return bool(recover and status and status()[0] and recover())
