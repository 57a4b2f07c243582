"""Thin Celery wrappers over oversight.services (the beat schedule lives in config/celery.py).

Every task derives from ``core.tasks.ReliableTask``: one retry policy for transient
failures, acknowledged late so a job whose worker dies is delivered again. The services
enqueue ``quarterly_report_generate`` by its name.
"""

import socket
import threading
import uuid

from celery import shared_task
from celery.result import AsyncResult
from django.conf import settings
from django.db import connections

from core.tasks import ReliableTask

from . import services


class ReportTask(ReliableTask):
    """A report takes seconds to render. With a broker it is only queued. In the embedded
    default (no broker, eager Celery) it would run inside the request that asked for it, so
    the person waited for the PDF: there it runs in a thread of its own instead, after the
    request's transaction has committed (``enqueue_on_commit`` calls this on commit), and
    the page answers at once. The claim in ``report_request_run`` keeps it to one run."""

    def apply_async(self, args=None, kwargs=None, task_id=None, **options):
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            return super().apply_async(args, kwargs, task_id=task_id, **options)
        task_id = task_id or str(uuid.uuid4())

        def run() -> None:
            try:
                self.apply(args, kwargs, task_id=task_id)
            finally:
                # The thread's own database connections; nobody else closes them.
                connections.close_all()

        threading.Thread(target=run, name=f"report-{task_id}", daemon=True).start()
        return AsyncResult(task_id, app=self.app)


@shared_task(bind=True, base=ReportTask, name="oversight.tasks.quarterly_report_generate")
def quarterly_report_generate(self, request_id: int) -> int | None:
    worker = f"{self.request.hostname or socket.gethostname()}:{self.request.id or 'local'}"
    report = services.report_request_run(request_id=request_id, worker=worker)
    return report.pk if report else None


@shared_task(base=ReliableTask, name="oversight.tasks.quarterly_reports_generate_due")
def quarterly_reports_generate_due() -> int | None:
    request = services.quarterly_reports_generate_due()
    return request.pk if request else None


@shared_task(base=ReliableTask, name="oversight.tasks.report_requests_sweep")
def report_requests_sweep() -> list[int]:
    return services.report_requests_sweep()
