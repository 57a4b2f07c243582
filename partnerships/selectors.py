"""Reads of partnership and access data, always for an acting user.

Another community's record is not found (404); who may do what is in
``partnerships.permissions``. The access reads (``active_memberships`` and friends) live
in ``partnerships.access`` and are re-exported here for the apps that import them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Model,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.actors import Actor

from .access import (
    ACCESS_CACHE_ATTRS,
    active_memberships,
    casework_community_ids,
    community_ids_for_roles,
    community_ids_in_scope,
    forget_access,
    memberships_active_for,
    remember_access,
    roles_for,
)
from .fence import community_scope
from .models import (
    Community,
    GovernanceTier,
    Indicator,
    IndicatorValue,
    Investment,
    LocalPriority,
    Partnership,
    PartnershipMember,
    PartnershipStatusChange,
    PartnershipWorker,
    PriorityAction,
    TierMember,
    financial_year_label,
    financial_year_of,
)
from .permissions import (
    has_role,
    is_administrator,
    is_oversight,
    may_edit_governance,
    may_read_partnership,
)
from .selectors_administration import (
    communities_for_administration,
    community_access,
    community_for_administration,
    membership_for_administration,
    partnership_for_administration,
    partnerships_for_administration,
    territory_wide_access,
    user_for_administration,
    user_memberships,
)

if TYPE_CHECKING:
    pass


def communities_for_user(*, actor: Actor) -> QuerySet[Community]:
    """The communities the actor works in (oversight and admin roles work in none)."""
    return (
        Community.objects.filter(id__in=community_ids_in_scope(actor))
        .select_related("region", "partnership")
        .order_by("name")
    )


def community_get(*, actor: Actor, slug: str) -> Community:
    """A community the actor works in; any other (or none by that name) is 404."""
    community = Community.objects.select_related("region", "partnership").filter(slug=slug).first()
    if community is None or not may_read_partnership(actor, community):
        raise Http404("No such community.")
    return community


def partnerships_all() -> QuerySet[Partnership]:
    """Every Partnership, for aggregate (de-identified) reporting and administration."""
    return Partnership.objects.select_related("community", "community__region")


# --- Governance ---------------------------------------------------------------------------


def can_change_governance(user: Actor, community: Community) -> bool:
    """Kept for callers of the earlier name: ``permissions.may_edit_governance``."""
    return may_edit_governance(user, community)


def partnership_get(*, actor: Actor, slug: str) -> Partnership:
    """The partnership of a community the actor works in; any other answers 404."""
    community = community_get(actor=actor, slug=slug)
    try:
        return community.partnership
    except Partnership.DoesNotExist:
        raise Http404("This community has no Partnership yet.") from None


def _active_on(queryset: QuerySet, day: datetime.date) -> QuerySet:
    return queryset.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))


# Steering group first, then working groups, then the open forum.
TIER_ORDER = Case(
    When(kind=GovernanceTier.Kind.STEERING_GROUP, then=Value(0)),
    When(kind=GovernanceTier.Kind.WORKING_GROUP, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def tiers_with_participation(
    *, partnership: Partnership, on: datetime.date | None = None
) -> list[GovernanceTier]:
    """Tiers with ``member_count``, ``aboriginal_count`` and ``aboriginal_share`` (0–100)."""
    day = on or timezone.localdate()
    active = Q(members__starts_on__lte=day) & (
        Q(members__ends_on__isnull=True) | Q(members__ends_on__gt=day)
    )
    aboriginal = Q(members__is_aboriginal_community_member=True) | Q(members__is_from_acco=True)
    tiers: list[GovernanceTier] = []
    for tier in (
        GovernanceTier.objects.filter(partnership=partnership)
        .select_related("priority")
        .annotate(
            active_members=Count("members", filter=active),
            aboriginal_members=Count("members", filter=active & aboriginal),
        )
        .order_by(TIER_ORDER, "name")
    ):
        tier.member_count = tier.active_members
        tier.aboriginal_count = tier.aboriginal_members
        tier.aboriginal_share = (
            round(Decimal(tier.aboriginal_count) * 100 / tier.member_count, 1)
            if tier.member_count
            else None
        )
        tiers.append(tier)
    return tiers


def tier_get(*, actor: Actor, slug: str, pk: int) -> GovernanceTier:
    partnership = partnership_get(actor=actor, slug=slug)
    return get_object_or_404(
        GovernanceTier.objects.select_related("priority", "partnership__community"),
        partnership=partnership,
        pk=pk,
    )


def tier_members(*, tier: GovernanceTier) -> QuerySet[TierMember]:
    return TierMember.objects.filter(tier=tier).select_related("organisation")


def priorities_for(*, partnership: Partnership) -> QuerySet[LocalPriority]:
    return (
        LocalPriority.objects.filter(partnership=partnership)
        .annotate(
            action_count=Count("actions", distinct=True),
            done_count=Count("actions", filter=Q(actions__status="done"), distinct=True),
            overdue_count=Count(
                "actions",
                filter=Q(actions__due_on__lt=timezone.localdate()) & ~Q(actions__status="done"),
                distinct=True,
            ),
        )
        .order_by("area", "title")
    )


def priority_get(*, actor: Actor, slug: str, pk: int) -> LocalPriority:
    partnership = partnership_get(actor=actor, slug=slug)
    return get_object_or_404(
        LocalPriority.objects.select_related("partnership__community"),
        partnership=partnership,
        pk=pk,
    )


def priority_actions(*, priority: LocalPriority) -> QuerySet[PriorityAction]:
    return PriorityAction.objects.filter(priority=priority).order_by("due_on", "pk")


def action_get(*, actor: Actor, slug: str, pk: int) -> PriorityAction:
    partnership = partnership_get(actor=actor, slug=slug)
    return get_object_or_404(
        PriorityAction.objects.select_related("priority__partnership__community"),
        priority__partnership=partnership,
        pk=pk,
    )


def indicators_for(*, partnership: Partnership) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(partnership=partnership)
        .select_related("priority")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("period_end"))
        )
        .order_by("name")
    )


def indicator_get(*, actor: Actor, slug: str, pk: int) -> Indicator:
    partnership = partnership_get(actor=actor, slug=slug)
    return get_object_or_404(
        indicators_for(partnership=partnership).select_related("partnership__community"), pk=pk
    )


def workers_for(*, partnership: Partnership) -> QuerySet[PartnershipWorker]:
    return PartnershipWorker.objects.filter(partnership=partnership).select_related("organisation")


def investments_for(*, partnership: Partnership) -> QuerySet[Investment]:
    return Investment.objects.filter(partnership=partnership).order_by("-financial_year", "purpose")


def investment_totals_by_year(*, partnership: Partnership) -> list[dict[str, Any]]:
    rows = (
        # A retired (withdrawn) investment no longer counts.
        Investment.objects.filter(partnership=partnership, retired_on__isnull=True)
        .values("financial_year")
        .annotate(total=Sum("amount"))
        .order_by("-financial_year")
    )
    return [
        {"financial_year": financial_year_label(row["financial_year"]), "total": row["total"]}
        for row in rows
    ]


# API: every governance record in the actor's communities (the fence narrows it again).
def governance_records(*, actor: Actor, model: type[Model]) -> QuerySet:
    return model._default_manager.filter(community_id__in=community_ids_in_scope(actor))


def partnership_figures_for_report(
    partnership: Partnership, quarter_start: datetime.date, quarter_end: datetime.date
) -> dict[str, Any]:
    """De-identified governance figures for the quarterly report: counts, shares, totals.

    No names: tiers are named by the partnership, indicators by what they count.
    Opens the partnership's own scope so report jobs can call it for each partnership.
    """
    with community_scope([partnership.community_id]):
        tiers = tiers_with_participation(partnership=partnership, on=quarter_end)
        actions = PriorityAction.objects.filter(priority__partnership=partnership)
        status_counts = dict(
            actions.values_list("status").annotate(n=Count("pk")).order_by("status")
        )
        overdue = actions.filter(due_on__lte=quarter_end).exclude(status=PriorityAction.Status.DONE)
        priorities_by_area = dict(
            LocalPriority.objects.filter(partnership=partnership)
            .values_list("area")
            .annotate(n=Count("pk"))
            .order_by("area")
        )
        indicators = []
        for indicator in Indicator.objects.filter(partnership=partnership).order_by("name"):
            latest = (
                IndicatorValue.objects.filter(indicator=indicator, period_end__lte=quarter_end)
                .order_by("-period_end")
                .first()
            )
            value = latest.value if latest else None
            indicators.append(
                {
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "baseline": indicator.baseline,
                    "target": indicator.target,
                    "direction": indicator.direction,
                    "latest_value": value,
                    "latest_period_end": latest.period_end if latest else None,
                    "meets_target": indicator.meets_target(value),
                }
            )
        year = financial_year_of(quarter_end)
        investment = Investment.objects.filter(partnership=partnership, financial_year=year)
        by_purpose = {
            row["purpose"]: row["total"]
            for row in investment.values("purpose").annotate(total=Sum("amount")).order_by()
        }
        workers = _active_on(
            PartnershipWorker.objects.filter(partnership=partnership), quarter_end
        ).count()
    return {
        "partnership_id": partnership.pk,
        "community_id": partnership.community_id,
        "keeps_case_records": partnership.keeps_case_records,
        "quarter_start": quarter_start,
        "quarter_end": quarter_end,
        "tiers": [
            {
                "kind": tier.kind,
                "name": tier.name,
                "members": tier.member_count,
                "aboriginal_members": tier.aboriginal_count,
                "aboriginal_share": tier.aboriginal_share,
            }
            for tier in tiers
        ],
        "priorities": {"total": sum(priorities_by_area.values()), "by_area": priorities_by_area},
        "actions": {
            "total": sum(status_counts.values()),
            "by_status": status_counts,
            "overdue": overdue.count(),
        },
        "indicators": indicators,
        "investment": {
            "financial_year": financial_year_label(year),
            "total": sum(by_purpose.values(), Decimal("0")),
            "by_purpose": by_purpose,
        },
        "workers": workers,
    }


__all__ = [
    "ACCESS_CACHE_ATTRS",
    "TIER_ORDER",
    "action_get",
    "active_memberships",
    "can_change_governance",
    "casework_community_ids",
    "communities_for_administration",
    "communities_for_user",
    "community_access",
    "community_for_administration",
    "community_get",
    "community_ids_for_roles",
    "community_ids_in_scope",
    "forget_access",
    "governance_records",
    "has_role",
    "indicator_get",
    "indicators_for",
    "investment_totals_by_year",
    "investments_for",
    "is_administrator",
    "is_oversight",
    "membership_for_administration",
    "memberships_active_for",
    "partnership_figures_for_report",
    "partnership_for_administration",
    "partnership_get",
    "partnerships_all",
    "partnerships_for_administration",
    "priorities_for",
    "priority_actions",
    "priority_get",
    "remember_access",
    "roles_for",
    "tier_get",
    "territory_wide_access",
    "tier_members",
    "tiers_with_participation",
    "user_for_administration",
    "user_memberships",
    "workers_for",
]


# --- A Partnership's members and status history ------------------------------------------


def partnership_members(*, partnership: Partnership) -> QuerySet[PartnershipMember]:
    """Every member, current first then ended (with who ended them), for the members page."""
    today = timezone.localdate()
    return (
        PartnershipMember.objects.filter(partnership=partnership)
        .select_related("organisation", "ended_by")
        .annotate(
            has_left=Case(
                When(ends_on__isnull=False, ends_on__lte=today, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("has_left", "-is_community_leader", "person_name", "pk")
    )


def partnership_member_get(*, actor: Actor, slug: str, pk: int) -> PartnershipMember:
    partnership = partnership_for_governance(actor=actor, slug=slug)
    return get_object_or_404(partnership_members(partnership=partnership), pk=pk)


def partnership_members_for(*, actor: Actor) -> QuerySet[PartnershipMember]:
    """The members of the Partnerships of the actor's communities (the API's list)."""
    return (
        PartnershipMember.objects.filter(
            community_id__in=communities_for_user(actor=actor).values("pk")
        )
        .select_related("organisation", "ended_by", "partnership__community")
        .order_by("community_id", "person_name", "pk")
    )


def partnership_status_history(*, partnership: Partnership) -> QuerySet[PartnershipStatusChange]:
    return PartnershipStatusChange.objects.filter(partnership=partnership).select_related(
        "changed_by"
    )


def partnership_for_governance(*, actor: Actor, slug: str) -> Partnership:
    """The Partnership whose governance the actor reads: their communities', or any for an
    administrator (who onboards communities and works in none). Any other answers 404."""
    if is_administrator(actor):
        partnership = (
            Partnership.objects.select_related("community", "community__region")
            .filter(community__slug=slug)
            .first()
        )
        if partnership is None:
            raise Http404("This community has no Partnership yet.")
        return partnership
    return partnership_get(actor=actor, slug=slug)


def worker_get(*, actor: Actor, slug: str, pk: int) -> PartnershipWorker:
    partnership = partnership_get(actor=actor, slug=slug)
    return get_object_or_404(
        workers_for(partnership=partnership).select_related("partnership__community"), pk=pk
    )


def investment_get(*, actor: Actor, slug: str, pk: int) -> Investment:
    partnership = partnership_get(actor=actor, slug=slug)
    return get_object_or_404(
        investments_for(partnership=partnership).select_related("partnership__community"), pk=pk
    )
