from celery import shared_task

from . import services


@shared_task
def schedule_digests() -> None:
    services.digests_schedule()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_digest_batch(preference_ids: list[int]) -> None:
    # A batch that fails leaves its members due; the next schedule_digests run queues them again.
    services.digest_send_batch(preference_ids=preference_ids)
