"""Thin Celery wrappers around notifications.services: ids and dates in, a summary out."""

import datetime

from celery import shared_task
from django.utils import timezone

from core.tasks import CommunityTask, ReliableTask

from . import services, services_transfers, services_work


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


# Casework enqueues these by name after its transaction commits (it does not import this app).


@shared_task(base=CommunityTask, name="notifications.tasks.closure_request_notify")
def closure_request_notify(community_id: int, case_id: int) -> int:
    return services_work.closure_request_notify(case_id=case_id)


@shared_task(base=CommunityTask, name="notifications.tasks.further_action_notify")
def further_action_notify(community_id: int, task_id: int) -> int:
    return services_work.further_action_notify(task_id=task_id)


@shared_task(base=CommunityTask, name="notifications.tasks.notifications_clear")
def notifications_clear(community_id: int, case_id: int, done: str) -> int:
    return services_work.notifications_clear(case_id=case_id, done=done)


@shared_task(base=CommunityTask, name="notifications.tasks.transfer_proposed_notify")
def transfer_proposed_notify(community_id: int, transfer_id: int) -> int:
    return services_transfers.transfer_proposed_notify(transfer_id=transfer_id)


@shared_task(base=CommunityTask, name="notifications.tasks.transfer_decided_notify")
def transfer_decided_notify(community_id: int, transfer_id: int) -> int:
    return services_transfers.transfer_decided_notify(transfer_id=transfer_id)


@shared_task(base=CommunityTask, name="notifications.tasks.emergency_access_notify")
def emergency_access_notify(community_id: int, grant_id: int) -> int:
    return services_transfers.emergency_access_notify(grant_id=grant_id)
