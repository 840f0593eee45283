"""The one beat schedule: every app's periodic jobs, in one place (settings.CELERY_BEAT_SCHEDULE)."""

from typing import Any

from celery.schedules import crontab

SCHEDULE: dict[str, dict[str, Any]] = {
    # Retires cached pages a write made stale while Redis was away, once it answers again.
    "cache-recover": {"task": "core.tasks.cache_recover", "schedule": 60.0},
    # Queues again the emails whose task was lost (broker down, worker killed).
    "outbox-sweep": {"task": "outbox.tasks.sweep_outbox", "schedule": 60.0},
    # Event reminders a day and an hour before; each is sent once however often this runs.
    "events-reminders": {"task": "events.tasks.send_event_reminders", "schedule": 300.0},
    # Finds the members whose digest is due in their own timezone and queues them in batches.
    "digests-schedule": {"task": "digests.tasks.schedule_digests", "schedule": 900.0},
    # Copies of members' data are deleted once their download links have expired.
    "members-purge-data-exports": {"task": "members.tasks.purge_data_exports", "schedule": 3600},
    # The library's counts are kept as a ledger of changes, folded to one line a count now and then.
    "casestudies-compact-library-counts": {"task": "casestudies.tasks.compact_library_counts", "schedule": 3600},
    # The open data API's bulk export, rewritten nightly.
    "api-export-library": {"task": "api.tasks.export_library", "schedule": crontab(hour=2, minute=30)},
}
