"""Notifications are made by a real worker once the publishing is committed, never before."""

import pytest
from django.db import transaction

from casestudies.editorial.services import review as library
from casestudies.library.models import Status
from members.models import Follow, FollowKind
from notifications.models import Notification
from tests.casestudies.factories import CaseStudyFactory, TopicFactory
from tests.members.factories import CuratorFactory, UserFactory
from tests.processes import start_worker, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_tells_the_followers_after_the_publishing_is_committed(task_queue):
    flow = TopicFactory(name="Patient flow")
    readers = [UserFactory() for _ in range(3)]
    for reader in readers:
        Follow.objects.create(user=reader, kind=FollowKind.TOPIC, object_id=flow.pk)
    case_study = CaseStudyFactory(status=Status.SUBMITTED, published_at=None, topics=[flow])
    with transaction.atomic():
        library.case_study_publish(case_study=case_study, by=CuratorFactory(mfa=False))
        # Queued, not sent: nothing is made inside the request's transaction.
        assert task_queue.email_ids() == []
    # Committed: the task waits on the broker until a worker takes it.
    assert task_queue.email_ids()
    assert not Notification.objects.exists()

    worker = start_worker(task_queue.name, EMAIL_HOST="", CELERY_TASK_DEFAULT_QUEUE=task_queue.name)
    try:
        wait_for(lambda: Notification.objects.count() == 3, timeout=90, what="the worker to make the notifications")
    finally:
        stop(worker)
    assert sorted(Notification.objects.values_list("user_id", flat=True)) == sorted(r.pk for r in readers)
    assert sorted(Notification.objects.values_list("user__unread_notifications", flat=True)) == [1, 1, 1]
