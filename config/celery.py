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

import logging.config
import os

from celery import Celery, signals
from celery.app import trace
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Worker lines name the task and its id, never its arguments, return value or the text
# of an exception (any of which may quote a child's record). The " ready." and
# "[<task_id>] succeeded" wording is kept: operators and the job tests look for it.
trace.LOG_SUCCESS = "Task %(name)s[%(id)s] succeeded in %(runtime)ss"
trace.LOG_FAILURE = "Task %(name)s[%(id)s] raised an exception"
trace.LOG_INTERNAL_ERROR = "Task %(name)s[%(id)s] INTERNAL ERROR"
trace.LOG_IGNORED = "Task %(name)s[%(id)s] ignored"
trace.LOG_REJECTED = "Task %(name)s[%(id)s] rejected"
trace.LOG_RETRY = "Task %(name)s[%(id)s] retry"
trace.log_policy_reject = trace.log_policy_reject._replace(format=trace.LOG_REJECTED)
trace.log_policy_ignore = trace.log_policy_ignore._replace(format=trace.LOG_IGNORED)
trace.log_policy_internal = trace.log_policy_internal._replace(format=trace.LOG_INTERNAL_ERROR)
trace.log_policy_expected = trace.log_policy_expected._replace(format=trace.LOG_FAILURE)
trace.log_policy_unexpected = trace.log_policy_unexpected._replace(format=trace.LOG_FAILURE)


@signals.setup_logging.connect
def configure_logging(**kwargs) -> None:
    """The worker and beat log JSON lines like the web (settings.LOGGING), not Celery's text."""
    from django.conf import settings  # noqa: PLC0415 — settings load after Django is set up

    logging.config.dictConfig(settings.LOGGING)


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
# | read-grants-expire       | every 5 min   | ends read grants that ran out       | (3)      |
# Embedded mode (no broker): (1) manage.py generate_quarterly_report,
# (2) manage.py send_contact_reminders, (3) manage.py end_expired_read_grants, run by cron
# or by hand (the selectors refuse a grant past its time even before it is ended).
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
    "read-grants-expire": {
        "task": "casework.tasks.read_grants_end_expired",
        "schedule": crontab(minute="*/5"),
    },
    "report-requests-sweep": {
        "task": "oversight.tasks.report_requests_sweep",
        "schedule": crontab(minute="*/5"),
    },
}
