from celery import shared_task
from django.core.cache import cache


@shared_task
def ping(token: str) -> None:
    """Leaves a mark in the shared cache, so a caller can see that a worker ran the task."""
    cache.set(f"celery-ping:{token}", "pong", timeout=300)
