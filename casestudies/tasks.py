from celery import shared_task

from casestudies.library import ledger


@shared_task
def compact_library_counts() -> int:
    """Folds the ledger of the library's counts to one line a count (casestudies/library/ledger.py)."""
    return ledger.compact()
