"""/healthz against the real broker: healthy while a worker answers, 503 naming workers if not."""

import time

import pytest
import redis
from django.conf import settings
from django.test import override_settings

from config import worker_heartbeat

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_heartbeat():
    # Only our own Redis database's heartbeat key is touched.
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(worker_heartbeat.KEY)


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_no_worker_is_503_naming_workers(client, celery_workers, no_heartbeat):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["workers"]
    assert body["checks"]["broker"] == {"ok": True, "mode": "redis"}


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_a_running_worker_makes_it_healthy(client, celery_workers, no_heartbeat):
    celery_workers.start()
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["workers"]["ok"] is True


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CWSP_WORKER_HEARTBEAT_STALE_SECONDS=2)
def test_the_scheduled_heartbeat_keeps_it_healthy_and_a_stale_one_fails(
    client, celery_workers, no_heartbeat
):
    worker = celery_workers.start()
    time.sleep(2.5)
    assert client.get("/healthz").status_code == 503  # the start-up mark went stale
    # The beat job a worker runs every minute refreshes the mark.
    celery_workers.wait_for(celery_workers.send("config.worker_heartbeat.heartbeat"))
    assert client.get("/healthz").status_code == 200
    worker.kill()
    time.sleep(2.5)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "workers" in response.json()["failing"]
