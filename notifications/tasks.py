"""Thin Celery wrappers around notifications.services: ids and dates in, a summary out."""

import datetime

from celery import shared_task
from django.utils import timezone

from core.tasks import CommunityTask, ReliableTask

from . import services


def _day(on: str | None) -> datetime.date:
    return datetime.date.fromisoformat(on) if on else timezone.localdate()


@shared_task(base=ReliableTask, name="notifications.tasks.contact_reminders_send")
def contact_reminders_send(on: str | None = None) -> dict:
    """The morning run over every community. Safe to run twice or on two workers at once."""
    return services.contact_reminders_send(today=_day(on)).as_dict()


@shared_task(base=CommunityTask, name="notifications.tasks.community_contact_reminders_send")
def community_contact_reminders_send(community_id: int, on: str | None = None) -> dict:
    """The same run for one community (runs inside that community's fence)."""
    return services.contact_reminders_send(today=_day(on), community_ids=[community_id]).as_dict()
