"""Thin Celery wrappers over oversight.services (the beat schedule lives in config/celery.py).

Every task derives from ``core.tasks.ReliableTask``: one retry policy for transient
failures, acknowledged late so a job whose worker dies is delivered again. The services
enqueue ``quarterly_report_generate`` by its name.
"""

import socket

from celery import shared_task

from core.tasks import ReliableTask

from . import services


@shared_task(bind=True, base=ReliableTask, name="oversight.tasks.quarterly_report_generate")
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
