"""A worker killed with SIGKILL in the middle of a report: another worker finishes it, once.

The job is acknowledged late, so the killed worker's message stays unacknowledged in
Redis; after the visibility timeout another worker gets it again, re-claims the request
(its heartbeat is stale) and renders the report. The report exists exactly once.
"""

import time

import pytest
from django_scopes import scopes_disabled

from oversight.models import QuarterlyReport, ReportRequest
from tests.factories import CaseFactory

TASK = "oversight.tasks.quarterly_report_generate"
# Short timeouts so the test takes seconds, not the production hour.
FAST_RECOVERY = {
    "CWSP_VISIBILITY_TIMEOUT": "4",
    "CWSP_UNACKED_RESTORE_SECONDS": "1",
    "CWSP_REPORT_STALE_SECONDS": "2",
}

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _state(request_id: int) -> tuple[str, str]:
    return tuple(
        ReportRequest.objects.filter(pk=request_id).values_list("state", "claimed_by").get()
    )


def test_killed_mid_report_is_finished_by_another_worker_exactly_once(world, celery_workers):
    for community in (world.community_a, world.community_b):
        for _ in range(3):
            CaseFactory(child__community=community)
    request = ReportRequest.objects.create(quarter="2026-27 Q1", requested_by=world.cochair)

    first = celery_workers.start(env=FAST_RECOVERY)
    celery_workers.send(TASK, [request.pk])
    deadline = time.monotonic() + 60
    while _state(request.pk)[0] != ReportRequest.State.RUNNING:
        assert time.monotonic() < deadline, first.log_text()[-3000:]
        time.sleep(0.01)
    first.kill()  # SIGKILL while WeasyPrint is rendering
    claimed_by_first = _state(request.pk)[1]
    assert not QuarterlyReport.objects.filter(request=request).exists(), (
        "the report finished before the worker was killed; the test proves nothing"
    )

    second = celery_workers.start(env=FAST_RECOVERY)
    deadline = time.monotonic() + 90
    while _state(request.pk)[0] != ReportRequest.State.DONE:
        assert time.monotonic() < deadline, second.log_text()[-3000:]
        time.sleep(0.2)

    state, claimed_by = _state(request.pk)
    assert claimed_by != claimed_by_first
    with scopes_disabled():
        reports = list(QuarterlyReport.objects.filter(quarter="2026-27 Q1"))
    assert len(reports) == 1
    assert reports[0].request_id == request.pk
    assert reports[0].file.size > 0
