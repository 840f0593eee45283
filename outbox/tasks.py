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


@shared_task
def sweep_outbox() -> None:
    services.outbox_sweep()
