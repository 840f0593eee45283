from celery import shared_task

from . import export


@shared_task
def export_library() -> str:
    """Rewrites the bulk export of the published library (run daily by beat)."""
    return export.library_export_write().name
