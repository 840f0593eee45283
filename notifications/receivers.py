"""Hears what is new in the apps below and queues the notifications, once the change is committed."""

from casestudies.library.news import case_study_published
from events.news import event_created
from groups.news import thread_created

from . import tasks


def _case_study_published(sender, case_study_id: int, **kwargs) -> None:
    tasks.notify_case_study.delay_on_commit(case_study_id)


def _event_created(sender, event_id: int, **kwargs) -> None:
    tasks.notify_event.delay_on_commit(event_id)


def _thread_created(sender, thread_id: int, **kwargs) -> None:
    tasks.notify_thread.delay_on_commit(thread_id)


def connect() -> None:
    case_study_published.connect(_case_study_published, dispatch_uid="notifications_case_study")
    event_created.connect(_event_created, dispatch_uid="notifications_event")
    thread_created.connect(_thread_created, dispatch_uid="notifications_thread")
