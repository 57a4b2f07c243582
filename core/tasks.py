"""The one base task and the one way to enqueue.

Reliability (settings in config/settings.py): ``acks_late`` with
``task_reject_on_worker_lost`` (a job whose worker dies goes back to the queue),
prefetch of one, a visibility timeout longer than the longest job. Every task derives
from ``ReliableTask`` (one retry policy), takes ids, is idempotent, and is enqueued after
the transaction commits through ``enqueue_on_commit``: a service names the task
(``"oversight.tasks.quarterly_report_generate"``) so it never imports its own task module.
"""

from __future__ import annotations

import importlib
import smtplib
from typing import Any

from celery import Task
from django.db import InterfaceError, OperationalError, transaction
from django_scopes import scope
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Failures that pass: the database, the broker or the mail server briefly away."""
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

    def __call__(self, community_id: int, *args: Any, **kwargs: Any) -> Any:
        # A list of exactly one id: never None, which would mean every community.
        with scope(community=[int(community_id)]):
            return super().__call__(community_id, *args, **kwargs)


def task_named(name: str) -> Task:
    """The task registered as ``name`` ("oversight.tasks.quarterly_report_generate").

    Task names are their module path and function, so the module is imported by name: a
    web process (or a thread, whose Celery "current app" may be a default one) has not
    necessarily imported the module, and the worker's registry is not the web's.
    """
    module, _, attribute = name.rpartition(".")
    found = getattr(importlib.import_module(module), attribute, None)
    if not isinstance(found, Task):
        raise LookupError(f"No task named {name!r}.")
    return found


def enqueue_on_commit(task: Task | str, *args: Any, **kwargs: Any) -> None:
    """Send ``task`` once the current transaction commits (at once outside one).

    A job never starts before the rows it reads exist, and a rolled-back
    transaction enqueues nothing. ``task`` may be the task's registered name, so that a
    service enqueues a job without importing the module that defines it.
    """

    def send() -> None:
        target = task_named(task) if isinstance(task, str) else task
        target.apply_async(args=args, kwargs=kwargs)

    transaction.on_commit(send)
