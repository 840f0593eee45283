"""Work queued while the broker is down is not refused and not lost: the request that asked for
it succeeds, and the periodic task that sweeps for it queues it once the broker is back."""

from datetime import timedelta

import pytest
from django.urls import reverse

from members import services
from members.models import DataExport
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_asking_for_a_copy_of_ones_data_while_the_broker_is_down_succeeds_and_is_queued_later(
    client, broker_down, task_queue
):
    client.force_login(UserFactory())

    response = client.post(reverse("members:data"))

    assert response.status_code == 302
    export = DataExport.objects.get()
    assert export.status == DataExport.Status.PENDING
    assert task_queue.email_ids() == []

    broker_back = broker_down
    broker_back()
    DataExport.objects.filter(pk=export.pk).update(created_at=export.created_at - services.EXPORT_RETRY_AFTER)
    services.data_exports_purge()

    assert task_queue.email_ids() == [export.pk]


def test_a_copy_asked_for_moments_ago_is_not_queued_twice_by_the_hourly_task(client, task_queue):
    client.force_login(UserFactory())
    client.post(reverse("members:data"))
    queued = task_queue.email_ids()

    services.data_exports_purge()

    assert task_queue.email_ids() == queued
    assert timedelta(minutes=5) <= services.EXPORT_RETRY_AFTER
