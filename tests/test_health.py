import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_is_ok_when_the_database_and_broker_answer(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["database"]["ok"] is True
    assert response.json()["broker"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_is_degraded_not_503_and_names_the_broker_when_it_does_not_answer(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port

    response = client.get(reverse("healthz"))

    # The site still serves without the broker (the outbox sweep sends what waits), so it is not down.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["down"] == ["broker"]
    assert body["broker"]["ok"] is False
    assert body["database"]["ok"] is True
