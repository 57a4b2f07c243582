"""Writes for the Oversight Group and its quarterly reports. Every entry point calls these.

Composition: each change is made inside a transaction and the rules of ``oversight.rules``
are then read from the database as the change leaves it; if one breaks, the transaction
rolls back and the ValidationError says why and what would fix it. Until the group is
constituted (``oversight_group_constitute``) the rules are shown but not enforced, so a new
group can be built up member by member (docs/decisions/0002-oversight-acco-share.md).

Reports: a ReportRequest row is the job. The worker claims it with one conditional UPDATE
(queued, or running with a stale heartbeat), so a retry or a second worker never renders a
second version for the same request; the report's one-to-one link to its request backs
that up in the database. The job is enqueued by its registered name
(``GENERATE_TASK``), once the request is committed.

Every service asks ``oversight.permissions`` first; a ``None`` actor is refused.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.actors import Actor, person, system_actor
from core.tasks import enqueue_on_commit
from partnerships.models import Organisation, Region

from . import rules
from .models import OversightGroup, OversightMember, QuarterlyReport, ReportRequest
from .permissions import require_create_group, require_manage_group, require_request_report
from .quarters import Quarter
from .report import report_figures
from .report_print import render_report_pdf
from .selectors import composition_for

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)

# The report job, named rather than imported: oversight.tasks calls these services.
GENERATE_TASK = "oversight.tasks.quarterly_report_generate"


# Who the audit log and the request name when the product acts for itself.
REPORT_JOB = "job:quarterly_report_generate"
AUTOMATIC_REQUESTS = "schedule:quarterly_reports_generate_due"


# --- Composition --------------------------------------------------------------------------


class _Unchanged(enum.Enum):
    """A member's field left as it is by ``oversight_member_update``."""

    UNCHANGED = "unchanged"


UNCHANGED = _Unchanged.UNCHANGED


def _enforce_rules(group: OversightGroup, *days: datetime.date) -> None:
    """Refuse the change just written if it leaves a rule broken on any of these days."""
    if not group.is_constituted:
        return
    messages = []
    for day in sorted(set(days)):
        for result in composition_for(group, on=day):
            if not result.holds and result.message not in messages:
                messages.append(result.message)
    if messages:
        raise ValidationError(messages)


def _member_days(member: OversightMember) -> list[datetime.date]:
    today = timezone.localdate()
    days = [today, max(today, member.term_starts_on)]
    if member.term_ends_on is not None and member.term_ends_on >= today:
        days.append(member.term_ends_on + datetime.timedelta(days=1))
    return days


DEFAULT_GROUP_NAME = "NT Child Wellbeing and Safety Partnerships Oversight Group"


def _audit_group(actor: Actor, obj: Any, action: str, **detail: Any) -> None:
    """Record a change to the group or a member: ids and field names, never names."""
    audit_record(actor=actor, action=action, obj=obj, detail={"change": "oversight", **detail})


@transaction.atomic
def oversight_group_create(*, actor: Actor, name: str = DEFAULT_GROUP_NAME) -> OversightGroup:
    """The one Oversight Group of a new install; refused when there is one already."""
    require_create_group(actor)
    # Serialise two administrators creating it at the same moment.
    existing = OversightGroup.objects.select_for_update().order_by("pk").first()
    if existing is not None:
        raise ValidationError(
            _("There is an Oversight Group already (%(name)s): add its members instead.")
            % {"name": existing.name}
        )
    group = OversightGroup(name=(name or "").strip() or DEFAULT_GROUP_NAME)
    group.full_clean()
    group.save()
    _audit_group(actor, group, AuditEvent.Action.CREATE, what="group_created")
    return group


@transaction.atomic
def oversight_organisation_for(*, actor: Actor, name: str, kind: str) -> Organisation:
    """The organisation a new member represents: found by name, or created with its kind.

    A new install knows only the organisations its Partnerships named at onboarding; the
    Oversight Group's government agencies and peak bodies are entered here.
    """
    require_manage_group(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"organisation": _("Choose the organisation or name a new one.")})
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    if kind not in Organisation.Kind.values:
        raise ValidationError(
            {"new_organisation_kind": _("Say what kind of organisation this new one is.")}
        )
    organisation = Organisation(name=name, kind=kind)
    organisation.full_clean()
    organisation.save()
    _audit_group(actor, organisation, AuditEvent.Action.CREATE, what="organisation_added")
    return organisation


@transaction.atomic
def oversight_group_constitute(
    *, actor: Actor, group: OversightGroup, on: datetime.date | None = None
) -> OversightGroup:
    """From now on every change must keep the rules; the composition must hold them today."""
    require_manage_group(actor)
    group = OversightGroup.objects.select_for_update().get(pk=group.pk)
    group.constituted_on = on or timezone.localdate()
    group.save(update_fields=["constituted_on"])
    broken = [r.message for r in composition_for(group) if not r.holds]
    if broken:
        raise ValidationError(["The group cannot be constituted yet.", *broken])
    _audit_group(actor, group, AuditEvent.Action.UPDATE, what="group_constituted")
    return group


@transaction.atomic
def oversight_member_add(
    *,
    actor: Actor,
    group: OversightGroup,
    organisation: Organisation,
    service_area: str,
    representative_name: str,
    term_starts_on: datetime.date,
    region: Region | None = None,
    is_aboriginal_or_torres_strait_islander: bool = False,
    term_ends_on: datetime.date | None = None,
    is_co_chair: bool = False,
) -> OversightMember:
    require_manage_group(actor)
    # Serialise composition changes of one group so two changes cannot each pass alone.
    group = OversightGroup.objects.select_for_update().get(pk=group.pk)
    member = OversightMember(
        group=group,
        organisation=organisation,
        service_area=service_area,
        region=region,
        representative_name=representative_name,
        is_aboriginal_or_torres_strait_islander=is_aboriginal_or_torres_strait_islander,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
        is_co_chair=is_co_chair,
    )
    member.full_clean()
    member.save()
    _enforce_rules(group, *_member_days(member))
    _audit_group(actor, member, AuditEvent.Action.CREATE, what="member_added", group_id=group.pk)
    return member


MEMBER_FIELDS = (
    "organisation",
    "service_area",
    "region",
    "representative_name",
    "is_aboriginal_or_torres_strait_islander",
    "term_starts_on",
    "term_ends_on",
    "is_co_chair",
)


@transaction.atomic
def oversight_member_update(
    *,
    actor: Actor,
    member: OversightMember,
    organisation: Organisation | _Unchanged = UNCHANGED,
    service_area: str | _Unchanged = UNCHANGED,
    region: Region | None | _Unchanged = UNCHANGED,
    representative_name: str | _Unchanged = UNCHANGED,
    is_aboriginal_or_torres_strait_islander: bool | _Unchanged = UNCHANGED,
    term_starts_on: datetime.date | _Unchanged = UNCHANGED,
    term_ends_on: datetime.date | None | _Unchanged = UNCHANGED,
    is_co_chair: bool | _Unchanged = UNCHANGED,
) -> OversightMember:
    """Change a member (organisation and so kind, co-chair, term...), keeping the rules.

    Fields not given stay as they are.
    """
    require_manage_group(actor)
    given: dict[str, Any] = {
        "organisation": organisation,
        "service_area": service_area,
        "region": region,
        "representative_name": representative_name,
        "is_aboriginal_or_torres_strait_islander": is_aboriginal_or_torres_strait_islander,
        "term_starts_on": term_starts_on,
        "term_ends_on": term_ends_on,
        "is_co_chair": is_co_chair,
    }
    group = OversightGroup.objects.select_for_update().get(pk=member.group_id)
    before = _member_days(member)
    # The earlier values of what changes, for the history (no personal names).
    previous = _member_history_values(member, given)
    for name, value in given.items():
        if value is not UNCHANGED:
            setattr(member, name, value)
    member.full_clean()
    member.save()
    _enforce_rules(group, *before, *_member_days(member))
    _audit_group(
        actor,
        member,
        AuditEvent.Action.UPDATE,
        what="member_changed",
        fields=sorted(name for name, value in given.items() if value is not UNCHANGED),
        before=previous,
    )
    return member


@transaction.atomic
def oversight_member_end(
    *, actor: Actor, member: OversightMember, last_day: datetime.date | None = None
) -> OversightMember:
    """End a member's term on ``last_day`` (default today)."""
    require_manage_group(actor)
    group = OversightGroup.objects.select_for_update().get(pk=member.group_id)
    last_day = last_day or timezone.localdate()
    if last_day < member.term_starts_on:
        raise ValidationError(_("A term cannot end before it starts."))
    member.term_ends_on = last_day
    member.full_clean()
    previous_end = member.term_ends_on
    member.save(update_fields=["term_ends_on"])
    _enforce_rules(group, timezone.localdate(), last_day + datetime.timedelta(days=1))
    _audit_group(
        actor,
        member,
        AuditEvent.Action.UPDATE,
        what="member_ended",
        fields=["term_ends_on"],
        before={"term_ends_on": previous_end.isoformat() if previous_end else None},
    )
    return member


@transaction.atomic
def oversight_co_chairs_set(
    *, actor: Actor, group: OversightGroup, members: list[OversightMember]
) -> list[OversightMember]:
    """Make exactly these members the co-chairs, in one step (so a pair can be swapped)."""
    require_manage_group(actor)
    group = OversightGroup.objects.select_for_update().get(pk=group.pk)
    ids = [m.pk for m in members]
    if OversightMember.objects.filter(pk__in=ids).exclude(group=group).exists():
        raise ValidationError(_("A co-chair must be a member of this group."))
    group.members.exclude(pk__in=ids).update(is_co_chair=False)
    group.members.filter(pk__in=ids).update(is_co_chair=True)
    _enforce_rules(group, timezone.localdate())
    _audit_group(actor, group, AuditEvent.Action.UPDATE, what="co_chairs_set", member_ids=ids)
    return list(group.members.filter(pk__in=ids))


def _member_history_values(member: OversightMember, given: dict[str, Any]) -> dict[str, Any]:
    """The values before a change of the fields given, as ids, dates and flags."""
    values: dict[str, Any] = {}
    for name, value in given.items():
        if value is UNCHANGED or name == "representative_name":
            continue
        # Related records by id: the history names no organisation or region by name.
        old = getattr(member, f"{name}_id" if name in ("organisation", "region") else name)
        values[name] = old.isoformat() if isinstance(old, datetime.date) else old
    return values


def composition_summary(group: OversightGroup) -> list[rules.RuleResult]:
    return composition_for(group)


# --- Report requests ----------------------------------------------------------------------


@transaction.atomic
def report_request_create(*, actor: Actor, quarter: str, automatic: bool = False) -> ReportRequest:
    """Ask for a quarter's report; the job is queued once the request is committed."""
    require_request_report(actor)
    parsed = Quarter.parse(quarter)
    if parsed.start > timezone.localdate():
        raise ValidationError(
            {"quarter": _("%(label)s has not started yet.") % {"label": parsed.label}}
        )
    # ``enqueued_at`` goes with the row: a request whose message never reaches the broker
    # is queued again by the sweeper once it is stale.
    request = ReportRequest.objects.create(
        quarter=parsed.label,
        requested_by=person(actor),
        automatic=automatic,
        enqueued_at=timezone.now(),
    )
    enqueue_on_commit(GENERATE_TASK, request.pk)
    return request


def report_request_claim(*, request_id: int, worker: str) -> bool:
    """Take the request for this worker: one conditional UPDATE, so only one worker wins.

    Claimable: queued, or running with a heartbeat older than the stale timeout (its
    worker died). Done and failed requests are never run again.
    """
    now = timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.CWSP_REPORT_STALE_SECONDS)
    claimed = (
        ReportRequest.objects.filter(pk=request_id)
        .filter(
            Q(state=ReportRequest.State.QUEUED)
            | Q(state=ReportRequest.State.RUNNING, heartbeat_at__lt=stale_before)
        )
        .update(
            state=ReportRequest.State.RUNNING,
            claimed_by=worker[:200],
            heartbeat_at=now,
            started_at=now,
            attempts=F("attempts") + 1,
            error_message="",
        )
    )
    return claimed == 1


def report_request_heartbeat(*, request_id: int, worker: str) -> None:
    ReportRequest.objects.filter(
        pk=request_id, state=ReportRequest.State.RUNNING, claimed_by=worker[:200]
    ).update(heartbeat_at=timezone.now())


def quarterly_report_create(
    *, quarter: str, requested_by: User | None = None, request: ReportRequest | None = None
) -> QuarterlyReport:
    """Render the quarter's report and store it as a new version (never overwriting one)."""
    parsed = Quarter.parse(quarter)
    figures = report_figures(parsed)
    for attempt in range(3):
        generated_at = timezone.now()
        with transaction.atomic():
            latest = QuarterlyReport.objects.filter(quarter=parsed.label).aggregate(
                latest=Max("version")
            )["latest"]
            version = (latest or 0) + 1
            pdf, pages = render_report_pdf(figures, version=version, generated_at=generated_at)
            report = QuarterlyReport(
                quarter=parsed.label,
                version=version,
                generated_at=generated_at,
                sha256=hashlib.sha256(pdf).hexdigest(),
                requested_by=requested_by,
                request=request,
                size_bytes=len(pdf),
                page_count=pages,
                figures=figures,
            )
            try:
                with transaction.atomic():
                    report.file.save(report.filename, ContentFile(pdf), save=False)
                    report.save()
            except IntegrityError:
                # Another worker took this version number (a different request): try the next.
                report.file.delete(save=False)
                if request is not None and QuarterlyReport.objects.filter(request=request).exists():
                    return QuarterlyReport.objects.get(request=request)
                if attempt == 2:
                    raise
                continue
            return report
    raise RuntimeError("unreachable")


def report_request_run(*, request_id: int, worker: str) -> QuarterlyReport | None:
    """The job: claim, render, store, mark done. Returns None when there was nothing to do."""
    existing = QuarterlyReport.objects.filter(request_id=request_id).first()
    if existing is not None:
        ReportRequest.objects.filter(pk=request_id).exclude(state=ReportRequest.State.DONE).update(
            state=ReportRequest.State.DONE, finished_at=timezone.now()
        )
        return existing
    if not report_request_claim(request_id=request_id, worker=worker):
        return None
    request = ReportRequest.objects.get(pk=request_id)
    try:
        report = quarterly_report_create(
            quarter=request.quarter, requested_by=request.requested_by, request=request
        )
    except TRANSIENT_ERRORS:
        # The database or storage was briefly away: hand the request back for the retry.
        try:
            ReportRequest.objects.filter(pk=request_id, claimed_by=worker[:200]).update(
                state=ReportRequest.State.QUEUED, heartbeat_at=None
            )
        except DatabaseError:
            logger.warning("report request %s left running for the sweeper", request_id)
        raise
    except Exception as exc:  # noqa: BLE001 - any other error is permanent for this request
        logger.exception("report request %s failed", request_id)
        message = (
            "; ".join(exc.messages)
            if isinstance(exc, ValidationError)
            else f"The report could not be generated ({type(exc).__name__}). "
            "The operators can see the details in the logs; request it again later."
        )
        ReportRequest.objects.filter(pk=request_id).update(
            state=ReportRequest.State.FAILED, error_message=message, finished_at=timezone.now()
        )
        return None
    ReportRequest.objects.filter(pk=request_id).update(
        state=ReportRequest.State.DONE, finished_at=timezone.now(), heartbeat_at=timezone.now()
    )
    audit_record(
        # The person who asked for it; the job itself for automatic and operators' requests.
        actor=request.requested_by or system_actor(REPORT_JOB),
        action=AuditEvent.Action.CREATE,
        obj=report,
        detail={"quarter": report.quarter, "version": report.version, "request_id": request_id},
    )
    return report


def quarterly_reports_generate_due(*, today: datetime.date | None = None) -> ReportRequest | None:
    """Once per quarter, N days after it ends, request its report (the automatic request)."""
    today = today or timezone.localdate()
    previous = Quarter.containing(today).previous()
    due_on = previous.end + datetime.timedelta(days=settings.CWSP_REPORT_DAYS_AFTER_QUARTER)
    if today < due_on:
        return None
    if ReportRequest.objects.filter(quarter=previous.label, automatic=True).exists():
        return None
    try:
        return report_request_create(
            actor=system_actor(AUTOMATIC_REQUESTS), quarter=previous.label, automatic=True
        )
    except IntegrityError:
        # Another scheduler run made it at the same moment.
        return None


def report_requests_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Re-queue requests whose job was lost; give up on those that keep failing."""
    now = now or timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.CWSP_REPORT_STALE_SECONDS)
    requeued = []
    with transaction.atomic():
        lost = list(
            ReportRequest.objects.select_for_update(skip_locked=True).filter(
                Q(state=ReportRequest.State.RUNNING, heartbeat_at__lt=stale_before)
                | Q(state=ReportRequest.State.QUEUED)
                & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale_before))
            )
        )
        for request in lost:
            if request.attempts >= settings.CWSP_REPORT_MAX_ATTEMPTS:
                request.state = ReportRequest.State.FAILED
                request.error_message = (
                    f"The report could not be generated after {request.attempts} attempts; "
                    "request it again or ask the operators to look at the workers."
                )
                request.finished_at = now
                request.save(update_fields=["state", "error_message", "finished_at"])
                continue
            request.state = ReportRequest.State.QUEUED
            request.heartbeat_at = None
            request.enqueued_at = timezone.now()
            request.save(update_fields=["state", "heartbeat_at", "enqueued_at"])
            requeued.append(request.pk)
            enqueue_on_commit(GENERATE_TASK, request.pk)
    return requeued
