"""The Celery application and every periodic schedule (the base task is core/tasks.py).

Without CELERY_BROKER_URL (the embedded default) tasks run in-process, eagerly,
so the demo needs no broker; the operator commands (``send_contact_reminders``)
then do the periodic work. Every periodic schedule lives in ``beat_schedule``
below, in one place, so operators can read them.

Reliability (settings in config/settings.py): ``acks_late`` with
``task_reject_on_worker_lost`` (a job whose worker dies goes back to the queue),
prefetch of one, a visibility timeout longer than the longest job. Tasks take ids,
are idempotent, and are enqueued after the transaction commits (``enqueue_on_commit``).
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("cwsp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["config"], related_name="worker_heartbeat")


# Every periodic job, in one place. Times are Australia/Darwin (CELERY_TIMEZONE follows
# TIME_ZONE). Without a broker (embedded mode) run the matching command instead.
#
# | Job                      | When (Darwin) | What it does                        | Embedded |
# |--------------------------|---------------|-------------------------------------|----------|
# | worker-heartbeat         | every 60 s    | marks a worker alive for /healthz   | -        |
# | sync-expired-memberships | 00:05 daily   | drops access that ran out           | -        |
# | quarterly-reports-due    | 06:30 daily   | generates the quarterly reports due | (1)      |
# | contact-reminders        | 07:00 daily   | six-week reminders and digests      | (2)      |
# | report-requests-sweep    | every 5 min   | re-queues stuck or lost report jobs | -        |
# Embedded mode (no broker): (1) manage.py generate_quarterly_report,
# (2) manage.py send_contact_reminders, run by cron or by hand.
app.conf.beat_schedule = {
    "worker-heartbeat": {
        "task": "config.worker_heartbeat.heartbeat",
        "schedule": 60.0,
        # A stale heartbeat is worthless: drop it rather than run it late.
        "options": {"expires": 55},
    },
    "sync-expired-memberships": {
        "task": "partnerships.tasks.memberships_sync_expired",
        "schedule": crontab(hour=0, minute=5),
    },
    "contact-reminders": {
        "task": "notifications.tasks.contact_reminders_send",
        "schedule": crontab(hour=7, minute=0),
    },
    "quarterly-reports-due": {
        "task": "oversight.tasks.quarterly_reports_generate_due",
        "schedule": crontab(hour=6, minute=30),
    },
    "report-requests-sweep": {
        "task": "oversight.tasks.report_requests_sweep",
        "schedule": crontab(minute="*/5"),
    },
}
