"""The Celery application, the base task classes and every periodic schedule.

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
import smtplib

from celery import Celery, Task
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("cwsp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["config"], related_name="worker_heartbeat")


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Failures that pass: the database, the broker or the mail server briefly away."""
    from django.db import InterfaceError, OperationalError
    from kombu.exceptions import OperationalError as BrokerOperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (
        OperationalError,
        InterfaceError,
        BrokerOperationalError,
        RedisConnectionError,
        RedisTimeoutError,
        smtplib.SMTPException,
        ConnectionError,
        TimeoutError,
    )


class ReliableTask(Task):
    """Retries transient failures with exponential backoff (2 s, 4 s, ... up to 10 min)."""

    autoretry_for = _transient_errors()
    retry_backoff = 2
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 8
    acks_late = True
    ignore_result = True


class CommunityTask(ReliableTask):
    """A task about one community: its first argument is the community id.

    The body runs inside that community's fence, so it reads that community's
    records and no other. The caller's scope does not travel with the message.
    """

    def __call__(self, community_id: int, *args, **kwargs):
        from partnerships.fence import community_scope

        with community_scope([int(community_id)]):
            return super().__call__(community_id, *args, **kwargs)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction commits (at once outside one).

    A job never starts before the rows it reads exist, and a rolled-back
    transaction enqueues nothing.
    """
    from django.db import transaction

    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs))


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
