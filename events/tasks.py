from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_event_reminders() -> None:
    """Run by beat every few minutes; safe to run twice or concurrently (see reminders_send)."""
    services.reminders_send()
