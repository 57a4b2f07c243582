"""The Celery application.

Without CELERY_BROKER_URL (the embedded default) tasks run in-process, eagerly,
so the demo needs no broker. Every periodic schedule lives in ``beat_schedule``
below, in one place, so operators can read them.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("cwsp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["config"], related_name="worker_heartbeat")

# Every periodic job, in one place. Times are Australia/Darwin
# (CELERY_TIMEZONE follows TIME_ZONE).
app.conf.beat_schedule = {
    "worker-heartbeat": {
        "task": "config.worker_heartbeat.heartbeat",
        "schedule": 60.0,
    },
    "sync-expired-memberships": {
        "task": "partnerships.tasks.memberships_sync_expired",
        "schedule": crontab(hour=0, minute=5),
    },
}
