"""The quarterly report rendered for real and read back; the job claimed exactly once."""

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from core.actors import system_actor
from escalations.models import Escalation
from oversight import services
from oversight.models import QuarterlyReport, ReportRequest
from oversight.quarters import Quarter
from oversight.tasks import quarterly_report_generate

from ..factories import (
    CaseFactory,
    ChildFactory,
    ContactFactory,
    EscalationFactory,
    GovernanceTierFactory,
    IndicatorFactory,
    ThemeFactory,
    TierMemberFactory,
)

pytestmark = pytest.mark.django_db

QUARTER = Quarter.containing(timezone.localdate()).previous()


@pytest.fixture
def report_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    names = []
    for community in (world.community_a, world.community_b):
        for n in range(3):
            child = ChildFactory(
                community=community, given_name=f"Zelphina{n}{community.pk}", family_name="Quortle"
            )
            names.append(child.given_name)
            case = CaseFactory(child=child, opened_on=QUARTER.start - datetime.timedelta(days=60))
            ContactFactory(
                case=case,
                occurred_at=timezone.make_aware(
                    datetime.datetime.combine(QUARTER.start, datetime.time(10))
                ),
            )
    theme = ThemeFactory(community=world.community_a, identified_on=QUARTER.start)
    EscalationFactory(
        theme=theme,
        level=Escalation.Level.REGIONAL,
        raised_on=QUARTER.start,
        requested_action="More youth workers across the region",
    )
    world.extra["child_names"] = names + ["Quortle"]
    return world


def _text(report) -> str:
    # Read through the storage: the files live in the database, not at a path.
    with report.file.open("rb") as stored:
        pdf = stored.read()
    return subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", "-", "-"],
        input=pdf,
        check=True,
        capture_output=True,
    ).stdout.decode()


def test_report_renders_every_partnership_and_no_child(report_world):
    report = services.quarterly_report_create(quarter=QUARTER.label)
    text = _text(report)
    assert report.page_count >= 5
    assert text.count("\f") >= report.page_count - 1
    assert f"Quarterly report {QUARTER.label}" in text
    assert "Wadeye Partnership" in text and "Yuendumu Partnership" in text
    assert "More youth" in text and "Regional escalations" in text
    for name in report_world.extra["child_names"]:
        assert name not in text
    assert "Page 2 of" in text
    assert len(report.sha256) == 64


def test_regenerating_makes_a_new_version_and_keeps_the_old(report_world):
    first = services.quarterly_report_create(quarter=QUARTER.label)
    second = services.quarterly_report_create(quarter=QUARTER.label)
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    first.refresh_from_db()
    assert first.file.storage.exists(first.file.name)


def test_request_is_queued_after_commit_and_the_job_runs_once(
    report_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        request = services.report_request_create(actor=report_world.cochair, quarter=QUARTER.label)
    assert len(callbacks) == 1
    assert request.state == ReportRequest.State.QUEUED
    # The same request delivered twice (a retry, a second worker): one version only.
    quarterly_report_generate.apply(args=[request.pk])
    quarterly_report_generate.apply(args=[request.pk])
    request.refresh_from_db()
    assert request.state == ReportRequest.State.DONE
    assert request.attempts == 1
    assert QuarterlyReport.objects.filter(quarter=QUARTER.label).count() == 1
    assert request.report.requested_by == report_world.cochair


def test_a_claimed_request_cannot_be_claimed_again_until_stale(report_world, settings):
    request = ReportRequest.objects.create(quarter=QUARTER.label)
    assert services.report_request_claim(request_id=request.pk, worker="one")
    assert not services.report_request_claim(request_id=request.pk, worker="two")
    ReportRequest.objects.filter(pk=request.pk).update(
        heartbeat_at=timezone.now()
        - datetime.timedelta(seconds=settings.CWSP_REPORT_STALE_SECONDS + 1)
    )
    assert services.report_request_claim(request_id=request.pk, worker="two")


def test_sweeper_requeues_a_lost_job_and_fails_after_the_attempts(
    report_world, settings, django_capture_on_commit_callbacks
):
    stale = timezone.now() - datetime.timedelta(seconds=settings.CWSP_REPORT_STALE_SECONDS + 5)
    lost = ReportRequest.objects.create(
        quarter=QUARTER.label, state=ReportRequest.State.RUNNING, heartbeat_at=stale, attempts=1
    )
    spent = ReportRequest.objects.create(
        quarter=QUARTER.label,
        state=ReportRequest.State.RUNNING,
        heartbeat_at=stale,
        attempts=settings.CWSP_REPORT_MAX_ATTEMPTS,
    )
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.report_requests_sweep() == [lost.pk]
    assert len(callbacks) == 1
    spent.refresh_from_db()
    assert spent.state == ReportRequest.State.FAILED
    assert "attempts" in spent.error_message


def test_automatic_request_is_made_once_n_days_after_quarter_end(
    report_world, settings, django_capture_on_commit_callbacks
):
    settings.CWSP_REPORT_DAYS_AFTER_QUARTER = 10
    current = QUARTER.next()
    with django_capture_on_commit_callbacks():
        assert (
            services.quarterly_reports_generate_due(
                today=current.start + datetime.timedelta(days=8)
            )
            is None
        )
        first = services.quarterly_reports_generate_due(
            today=current.start + datetime.timedelta(days=9)
        )
        again = services.quarterly_reports_generate_due(
            today=current.start + datetime.timedelta(days=11)
        )
    assert first is not None and first.quarter == QUARTER.label and first.automatic
    assert again is None


def test_command_generates_synchronously(report_world, capsys):
    call_command("generate_quarterly_report", "--quarter", QUARTER.label.replace(" ", ""))
    assert "version 1" in capsys.readouterr().out
    with scopes_disabled():
        assert QuarterlyReport.objects.filter(quarter=QUARTER.label).count() == 1


def test_a_permanent_error_marks_the_request_failed_with_a_message(report_world):
    # A request row whose quarter cannot be read (written around the service) fails for good.
    request = ReportRequest.objects.create(quarter="2026 Q9")
    quarterly_report_generate.apply(args=[request.pk])
    request.refresh_from_db()
    assert request.state == ReportRequest.State.FAILED
    assert "is not a quarter" in request.error_message
    assert not QuarterlyReport.objects.exists()
    # Failed requests are not picked up again.
    assert not services.report_request_claim(request_id=request.pk, worker="again")


def test_report_includes_governance_figures_of_partnerships_that_keep_them(report_world):
    partnership = report_world.community_b.partnership
    tier = GovernanceTierFactory(partnership=partnership, name="Steering table")
    TierMemberFactory(
        tier=tier, person_name="Tiermember Vexley", is_aboriginal_community_member=True
    )
    TierMemberFactory(tier=tier, person_name="Tiermember Wopple")
    IndicatorFactory(partnership=partnership, name="School attendance", target=80)

    report = services.quarterly_report_create(quarter=QUARTER.label)
    text = _text(report)

    assert [g["name"] for g in report.figures["governance"]] == ["Yuendumu Partnership"]
    assert "Partnership governance and shared measurement" in text
    assert "Steering table" in text and "School attendance" in text
    assert "1 (50" in text  # Aboriginal participation of the tier: one of two members
    assert "Vexley" not in text and "Wopple" not in text


def test_an_automatic_report_is_recorded_as_made_by_the_product(
    report_world, settings, django_capture_on_commit_callbacks
):
    settings.CWSP_REPORT_DAYS_AFTER_QUARTER = 0
    with django_capture_on_commit_callbacks() as callbacks:
        request = services.quarterly_reports_generate_due(today=QUARTER.next().start)
    assert request.requested_by is None and request.automatic
    assert len(callbacks) == 1
    quarterly_report_generate.apply(args=[request.pk])
    event = AuditEvent.objects.get(object_type="oversight.quarterlyreport")
    assert event.actor is None
    assert event.system_actor == services.REPORT_JOB


@pytest.mark.parametrize("persona", [None, "practitioner_a", "coordinator_a", "nobody"])
def test_only_the_group_and_the_product_request_reports(report_world, persona):
    actor = report_world.users[persona] if persona else None
    with pytest.raises(PermissionDenied):
        services.report_request_create(actor=actor, quarter=QUARTER.label)
    assert not ReportRequest.objects.exists()


def test_the_group_is_changed_by_its_managers_and_the_seeder_only(world):
    for actor in (None, world.oversight_member, world.coordinator_a):
        with pytest.raises(PermissionDenied):
            services.oversight_group_create(actor=actor, name="Not made")
    assert services.oversight_group_create(actor=system_actor("demo"), name="Seeded").pk
    assert services.oversight_group_create(actor=world.cochair, name="By a co-chair").pk
