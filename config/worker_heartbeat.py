"""A worker's "I am alive" mark in Redis, read by /healthz.

Written when a worker starts and by a periodic task that a worker runs every minute,
so a stale mark means no worker is consuming the queue.
"""

import time

import redis
from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

KEY = "cwsp:worker-heartbeat"


def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2)


def mark_alive() -> None:
    _client().set(KEY, str(time.time()), ex=24 * 3600)


def last_heartbeat_age_seconds() -> float | None:
    try:
        value = _client().get(KEY)
    except redis.RedisError:
        return None
    if value is None:
        return None
    return max(0.0, time.time() - float(value))


@worker_ready.connect
def _on_worker_ready(**_kwargs) -> None:
    if settings.CELERY_BROKER_URL:
        mark_alive()


@shared_task(name="config.worker_heartbeat.heartbeat", ignore_result=True)
def heartbeat() -> None:
    mark_alive()
