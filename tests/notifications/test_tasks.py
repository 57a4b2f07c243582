"""Tasks in-process (the embedded mode); tests/jobs runs them on a real worker."""

import datetime

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import override_settings
from django_scopes import scopes_disabled

from casework.models import Case
from config.celery import app
from core.tasks import CommunityTask, enqueue_on_commit
from notifications import tasks
from notifications.models import Notification
from tests.factories import CaseFactory


@app.task(base=CommunityTask, name="tests.count_cases_in_scope")
def count_cases_in_scope(community_id):
    return Case.objects.count()


def overdue_case(world, community):
    suffix = "a" if community == world.community_a else "b"
    return CaseFactory(
        child__community=community,
        practitioner=world.users[f"practitioner_{suffix}"],
        opened_on=datetime.date(2026, 1, 1),
    )


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_community_task_reads_inside_its_community_only(world):
    overdue_case(world, world.community_a)
    overdue_case(world, world.community_b)
    overdue_case(world, world.community_b)
    assert count_cases_in_scope.apply(args=[world.community_a.pk]).get() == 1
    assert count_cases_in_scope.apply(args=[world.community_b.pk]).get() == 2


@pytest.mark.django_db
def test_reminder_tasks_in_process(world):
    overdue_case(world, world.community_a)
    overdue_case(world, world.community_b)
    result = tasks.community_contact_reminders_send.apply(
        args=[world.community_b.pk, "2026-11-23"]
    ).get()
    assert result["sent"] == 1
    with scopes_disabled():
        assert list(Notification.objects.values_list("community", flat=True)) == [
            world.community_b.pk
        ]
    result = tasks.contact_reminders_send.apply(args=["2026-11-23"]).get()
    assert result["sent"] == 1
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_enqueue_on_commit_waits_for_the_commit(world, django_capture_on_commit_callbacks):
    overdue_case(world, world.community_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(tasks.contact_reminders_send, "2026-11-23")
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_reminder_task_retries_transient_failures():
    task = tasks.contact_reminders_send
    assert OperationalError in task.autoretry_for
    assert task.retry_backoff and task.max_retries
    assert task.acks_late


def test_every_periodic_job_is_scheduled():
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "config.worker_heartbeat.heartbeat",
        "notifications.tasks.contact_reminders_send",
        "oversight.tasks.quarterly_reports_generate_due",
        "oversight.tasks.report_requests_sweep",
    } <= schedule
