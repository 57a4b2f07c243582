"""Reads for the Oversight Group's pages: Territory-wide, de-identified, never a child."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from partnerships.selectors import is_administrator, is_oversight

from . import rules
from .models import OversightGroup, OversightMember, QuarterlyReport, ReportRequest


def may_read_oversight(actor) -> bool:
    return is_oversight(actor) or is_administrator(actor)


def group_current(*, actor) -> OversightGroup | None:
    if not may_read_oversight(actor):
        raise Http404("No such page.")
    return OversightGroup.objects.order_by("id").first()


def members_for(*, actor, group: OversightGroup | None = None) -> QuerySet[OversightMember]:
    if not may_read_oversight(actor):
        return OversightMember.objects.none()
    members = OversightMember.objects.select_related("organisation", "region", "group")
    if group is not None:
        members = members.filter(group=group)
    return members.order_by("-is_co_chair", "organisation__name", "id")


def member_get(*, actor, pk: int) -> OversightMember:
    try:
        return members_for(actor=actor).get(pk=pk)
    except OversightMember.DoesNotExist:
        raise Http404("No such member.") from None


def composition_for(group: OversightGroup, on=None) -> list[rules.RuleResult]:
    on = on or timezone.localdate()
    current = group.members.current(on).select_related("organisation")
    return rules.composition_rules(rules.Seat(m.organisation.kind, m.is_co_chair) for m in current)


def reports_for(*, actor) -> QuerySet[QuarterlyReport]:
    if not may_read_oversight(actor):
        return QuarterlyReport.objects.none()
    return QuarterlyReport.objects.select_related("requested_by").order_by("-quarter", "-version")


def report_get(*, actor, pk: int) -> QuarterlyReport:
    try:
        return reports_for(actor=actor).get(pk=pk)
    except QuarterlyReport.DoesNotExist:
        raise Http404("No such report.") from None


def report_requests_for(*, actor) -> QuerySet[ReportRequest]:
    if not may_read_oversight(actor):
        return ReportRequest.objects.none()
    return ReportRequest.objects.select_related("requested_by", "report").order_by(
        "-created_at", "-id"
    )


def report_requests_pending(*, actor) -> QuerySet[ReportRequest]:
    return report_requests_for(actor=actor).filter(
        state__in=[ReportRequest.State.QUEUED, ReportRequest.State.RUNNING]
    )


def report_request_get(*, actor, pk: int) -> ReportRequest:
    try:
        return report_requests_for(actor=actor).get(pk=pk)
    except ReportRequest.DoesNotExist:
        raise Http404("No such request.") from None


def groups_with_members() -> QuerySet[OversightGroup]:
    return OversightGroup.objects.prefetch_related(
        Prefetch("members", queryset=OversightMember.objects.select_related("organisation"))
    )
