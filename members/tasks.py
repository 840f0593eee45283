from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(Exception,), retry_backoff=30, max_retries=5)
def build_data_export(export_id: int) -> None:
    services.data_export_build(export_id=export_id)


@shared_task
def purge_data_exports() -> None:
    services.data_exports_purge()
