from celery import shared_task
from django.utils import timezone

from . import services
from .models import OutgoingEmail


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_email(self, email_id: int) -> None:
    # The row counts the attempts and decides when to stop; the broker only carries the wait.
    email = services.email_send(email_id=email_id)
    if email is not None and email.status == OutgoingEmail.Status.PENDING:
        wait = (email.next_attempt_at - timezone.now()).total_seconds()
        raise self.retry(countdown=max(wait, 0))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_email_batch(email_ids: list[int]) -> None:
    # A row that failed waits on its own retry time, as with send_email.
    for email in services.email_send_many(email_ids=email_ids):
        if email.status == OutgoingEmail.Status.PENDING:
            wait = (email.next_attempt_at - timezone.now()).total_seconds()
            send_email.apply_async((email.pk,), countdown=max(wait, 0))


@shared_task
def sweep_outbox() -> None:
    services.outbox_sweep()
