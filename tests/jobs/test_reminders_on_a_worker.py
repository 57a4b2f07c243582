"""Contact reminders run by real Celery workers on Redis and PostgreSQL."""

import datetime

import pytest
from django_scopes import scopes_disabled

from notifications.models import ContactReminder, Notification
from tests.factories import CaseFactory

TASK = "notifications.tasks.contact_reminders_send"
TODAY = datetime.date(2026, 11, 23)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def make_cases(world, overdue: int, due_soon: int) -> int:
    """Cases in both communities; returns how many reminders they are owed."""
    for community, suffix in ((world.community_a, "a"), (world.community_b, "b")):
        for days, count in ((-3, overdue), (4, due_soon)):
            for _ in range(count):
                CaseFactory(
                    child__community=community,
                    practitioner=world.users[f"practitioner_{suffix}"],
                    team_leader=world.users[f"teamleader_{suffix}"],
                    opened_on=TODAY + datetime.timedelta(days=days - 42),
                )
    # Overdue: practitioner and team leader; due soon: the practitioner.
    return 2 * (2 * overdue + due_soon)


def delivered():
    with scopes_disabled():
        notes = list(Notification.objects.values_list("user_id", "case_id", "kind"))
        states = set(ContactReminder.objects.values_list("state", flat=True))
    return notes, states


def test_one_run_sends_exactly_the_expected_reminders_and_a_second_none(world, celery_workers):
    expected = make_cases(world, overdue=3, due_soon=2)
    celery_workers.start()
    celery_workers.wait_for(celery_workers.send(TASK, [TODAY.isoformat()]))
    notes, states = delivered()
    assert len(notes) == expected
    assert len(set(notes)) == expected
    assert states == {"sent"}
    assert len(celery_workers.sent_emails()) == expected

    celery_workers.wait_for(celery_workers.send(TASK, [TODAY.isoformat()]))
    assert len(delivered()[0]) == expected
    assert len(celery_workers.sent_emails()) == expected


def test_two_workers_at_once_send_no_duplicates(world, celery_workers):
    expected = make_cases(world, overdue=40, due_soon=30)
    celery_workers.start()
    celery_workers.start()
    # Two runs of the same job at once, one on each worker (prefetch of one).
    first = celery_workers.send(TASK, [TODAY.isoformat()])
    second = celery_workers.send(TASK, [TODAY.isoformat()])
    celery_workers.wait_for(first, second)
    workers_used = [w for w in celery_workers.started if "succeeded" in w.log_text()]
    assert len(workers_used) == 2
    notes, states = delivered()
    assert len(notes) == expected
    assert len(set(notes)) == expected
    assert states == {"sent"}
    emails = celery_workers.sent_emails()
    assert len(emails) == expected
    # Each email is about one case (its link) for one recipient: no pair twice. The subject
    # names no case, so the link to the child's page tells the emails apart.
    keys = [
        (
            line
            for line in message.splitlines()
            if line.startswith(("To:", "Subject:")) or "/casework/children/" in line
        )
        for message in emails
    ]
    assert len({tuple(k) for k in keys}) == expected


def test_a_community_task_on_a_worker_reads_only_its_community(world, celery_workers):
    make_cases(world, overdue=1, due_soon=0)
    celery_workers.start()
    celery_workers.wait_for(
        celery_workers.send(
            "notifications.tasks.community_contact_reminders_send",
            [world.community_b.pk, TODAY.isoformat()],
        )
    )
    with scopes_disabled():
        communities = set(Notification.objects.values_list("community_id", flat=True))
    assert communities == {world.community_b.pk}
