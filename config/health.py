"""/healthz: JSON about the database, the broker and the workers, for load balancers and people."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from core.storage import storage_check

from .worker_heartbeat import last_heartbeat_age_seconds


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "mode": "redis"}


def _check_workers() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    age = last_heartbeat_age_seconds()
    limit = settings.CWSP_WORKER_HEARTBEAT_STALE_SECONDS
    if age is None:
        return {"ok": False, "error": "no worker has answered"}
    return {"ok": age <= limit, "last_seen_seconds_ago": round(age, 1)}


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": _check_database(),
        "broker": _check_broker(),
        "workers": _check_workers(),
        # Every node must read the files the workers write (report PDFs).
        "storage": storage_check(),
    }
    failing = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "ok" if not failing else "failing", "failing": failing, "checks": checks}
    return JsonResponse(body, status=200 if not failing else 503)
