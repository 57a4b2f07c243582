"""Thin Celery wrappers over oversight.services (the beat schedule lives in config/celery.py)."""

import socket

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def quarterly_report_generate(self, request_id: int) -> int | None:
    worker = f"{self.request.hostname or socket.gethostname()}:{self.request.id or 'local'}"
    report = services.report_request_run(request_id=request_id, worker=worker)
    return report.pk if report else None


@shared_task(acks_late=True, reject_on_worker_lost=True)
def quarterly_reports_generate_due() -> int | None:
    request = services.quarterly_reports_generate_due()
    return request.pk if request else None


@shared_task(acks_late=True, reject_on_worker_lost=True)
def report_requests_sweep() -> list[int]:
    return services.report_requests_sweep()
