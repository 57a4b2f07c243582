"""Reads for the Oversight Group's pages: Territory-wide, de-identified, never a child.

Every read is for an actor who may read oversight (``oversight.permissions``): the lists
come back empty for anyone else, and the current group is refused (403).
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from core.actors import Actor, person

from . import rules
from .models import OversightGroup, OversightMember, QuarterlyReport, ReportRequest
from .permissions import may_read_oversight, require_read_oversight


def group_current(*, actor: Actor) -> OversightGroup | None:
    require_read_oversight(actor)
    return OversightGroup.objects.order_by("id").first()


def members_for(*, actor: Actor, group: OversightGroup | None = None) -> QuerySet[OversightMember]:
    if not may_read_oversight(actor):
        return OversightMember.objects.none()
    members = OversightMember.objects.select_related("organisation", "region", "group")
    if group is not None:
        members = members.filter(group=group)
    return members.order_by("-is_co_chair", "organisation__name", "id")


def member_get(*, actor: Actor, pk: int) -> OversightMember:
    try:
        return members_for(actor=actor).get(pk=pk)
    except OversightMember.DoesNotExist:
        raise Http404("No such member.") from None


def composition_for(
    group: OversightGroup, on: datetime.date | None = None
) -> list[rules.RuleResult]:
    current = group.members.current(on or timezone.localdate()).select_related("organisation")
    return rules.composition_rules(rules.Seat(m.organisation.kind, m.is_co_chair) for m in current)


def reports_for(*, actor: Actor) -> QuerySet[QuarterlyReport]:
    if not may_read_oversight(actor):
        return QuarterlyReport.objects.none()
    return QuarterlyReport.objects.select_related("requested_by").order_by("-quarter", "-version")


def report_get(*, actor: Actor, pk: int) -> QuarterlyReport:
    try:
        return reports_for(actor=actor).get(pk=pk)
    except QuarterlyReport.DoesNotExist:
        raise Http404("No such report.") from None


def report_requests_for(*, actor: Actor) -> QuerySet[ReportRequest]:
    if not may_read_oversight(actor):
        return ReportRequest.objects.none()
    return ReportRequest.objects.select_related("requested_by", "report").order_by(
        "-created_at", "-id"
    )


def report_requests_pending(*, actor: Actor) -> QuerySet[ReportRequest]:
    return report_requests_for(actor=actor).filter(
        state__in=[ReportRequest.State.QUEUED, ReportRequest.State.RUNNING]
    )


def report_requests_failed(*, actor: Actor, limit: int = 5) -> QuerySet[ReportRequest]:
    """The actor's own latest requests that failed, with the reason, newest first."""
    return report_requests_for(actor=actor).filter(
        state=ReportRequest.State.FAILED, requested_by=person(actor)
    )[:limit]


def report_request_get(*, actor: Actor, pk: int) -> ReportRequest:
    try:
        return report_requests_for(actor=actor).get(pk=pk)
    except ReportRequest.DoesNotExist:
        raise Http404("No such request.") from None


def groups_with_members() -> QuerySet[OversightGroup]:
    return OversightGroup.objects.prefetch_related(
        Prefetch("members", queryset=OversightMember.objects.select_related("organisation"))
    )
