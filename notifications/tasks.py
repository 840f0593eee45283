from celery import shared_task

from . import services

_RETRIES = {"acks_late": True, "reject_on_worker_lost": True, "max_retries": 5, "retry_backoff": True}


@shared_task(**_RETRIES)
def notify_case_study(case_study_id: int) -> None:
    services.notifications_for_case_study(case_study_id=case_study_id)


@shared_task(**_RETRIES)
def notify_event(event_id: int) -> None:
    services.notifications_for_event(event_id=event_id)


@shared_task(**_RETRIES)
def notify_thread(thread_id: int) -> None:
    services.notifications_for_thread(thread_id=thread_id)
