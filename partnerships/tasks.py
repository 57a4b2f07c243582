"""Thin Celery wrappers around the partnerships services (schedules: config/celery.py)."""

from celery import shared_task

from core.actors import system_actor
from core.tasks import ReliableTask

from . import services


@shared_task(base=ReliableTask)
def memberships_sync_expired() -> int:
    """Nightly: guardian's mirror follows the memberships whose dates passed today."""
    return services.memberships_sync_expired(actor=system_actor("beat:memberships_sync_expired"))
