"""Thin Celery wrappers around casework services (the schedule is in config/celery.py)."""

from celery import shared_task

from core.actors import system_actor
from core.tasks import ReliableTask

from .services.grants import read_grants_end_expired as end_expired


@shared_task(base=ReliableTask, name="casework.tasks.read_grants_end_expired")
def read_grants_end_expired() -> int:
    """Every few minutes: end read grants (after a transfer, emergency) that ran out."""
    return end_expired(actor=system_actor("read-grant expiry"))
