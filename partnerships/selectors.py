"""Reads of partnership and access data, always for an acting user."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .fence import community_scope
from .models import (
    CASEWORK_ROLES,
    COMMUNITY_ROLES,
    OVERSIGHT_ROLES,
    Community,
    GovernanceTier,
    Indicator,
    IndicatorValue,
    Investment,
    LocalPriority,
    Membership,
    Partnership,
    PartnershipWorker,
    PriorityAction,
    Role,
    TierMember,
    financial_year_label,
    financial_year_of,
)


def memberships_active_for(user) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user).select_related("community")


# Every request asks several times what its user may do (the fence, the role checks,
# the navigation). CommunityScopeMiddleware reads the answer once per request with
# ``remember_access`` and keeps it on that request's user object; membership changes drop
# it (services._sync_community_permissions). Outside a request every call reads afresh.
ACCESS_CACHE_ATTRS = ("_cwsp_memberships",)


def _read_active_memberships(user) -> list[Membership]:
    return list(memberships_active_for(user).select_related("community__partnership"))


def remember_access(user) -> None:
    """Read the user's active memberships once, for the rest of this request."""
    if getattr(user, "is_authenticated", False) and user.is_active:
        user._cwsp_memberships = _read_active_memberships(user)


def forget_access(user) -> None:
    for attr in ACCESS_CACHE_ATTRS:
        if hasattr(user, attr):
            delattr(user, attr)


def active_memberships(user) -> list[Membership]:
    """The user's active memberships with their community and its partnership."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_cwsp_memberships", None)
    return cached if cached is not None else _read_active_memberships(user)


def community_ids_in_scope(user) -> list[int]:
    """The communities whose records this user's requests may read: the fence's scope."""
    return sorted(
        {m.community_id for m in active_memberships(user) if m.role in COMMUNITY_ROLES} - {None}
    )


def community_ids_for_roles(user, roles) -> list[int]:
    return sorted(
        {
            m.community_id
            for m in active_memberships(user)
            if m.role in roles and m.community_id is not None
        }
    )


def roles_for(user) -> set[str]:
    return {m.role for m in active_memberships(user)}


def has_role(user, *roles: str) -> bool:
    return bool(roles_for(user) & set(roles))


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or has_role(user, Role.ADMINISTRATOR)
    )


def is_oversight(user) -> bool:
    return has_role(user, *OVERSIGHT_ROLES)


def _keeps_case_records(community: Community) -> bool:
    try:
        return community.partnership.keeps_case_records
    except Partnership.DoesNotExist:
        return True


def casework_community_ids(user) -> list[int]:
    """Communities whose children and cases this user works with.

    A partnership run without case records (an Area-Partnership-style partnership)
    has no casework at all, whatever the user's role there.
    """
    return sorted(
        {
            m.community_id
            for m in active_memberships(user)
            if m.role in CASEWORK_ROLES
            and m.community_id is not None
            and _keeps_case_records(m.community)
        }
    )


def communities_for_user(*, actor) -> QuerySet[Community]:
    """The communities the actor works in (oversight and admin roles work in none)."""
    return (
        Community.objects.filter(id__in=community_ids_in_scope(actor))
        .select_related("region", "partnership")
        .order_by("name")
    )


def community_get(*, actor, slug: str) -> Community:
    try:
        return communities_for_user(actor=actor).get(slug=slug)
    except Community.DoesNotExist:
        raise Http404("No such community.") from None


def partnerships_all() -> QuerySet[Partnership]:
    """Every Partnership, for aggregate (de-identified) reporting and administration."""
    return Partnership.objects.select_related("community", "community__region")


# --- Governance ---------------------------------------------------------------------------


def can_change_governance(user, community: Community) -> bool:
    """Coordinators of the community, and administrators, change its governance data."""
    if is_administrator(user):
        return True
    return community.pk in community_ids_for_roles(user, {Role.COORDINATOR})


def partnership_get(*, actor, slug: str) -> Partnership:
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
    tiers = list(
        GovernanceTier.objects.filter(partnership=partnership)
        .select_related("priority")
        .annotate(
            member_count=Count("members", filter=active),
            aboriginal_count=Count("members", filter=active & aboriginal),
        )
        .order_by(TIER_ORDER, "name")
    )
    for tier in tiers:
        tier.aboriginal_share = (
            round(Decimal(tier.aboriginal_count) * 100 / tier.member_count, 1)
            if tier.member_count
            else None
        )
    return tiers


def tier_get(*, actor, slug: str, pk: int) -> GovernanceTier:
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


def priority_get(*, actor, slug: str, pk: int) -> LocalPriority:
    partnership = partnership_get(actor=actor, slug=slug)
    return get_object_or_404(
        LocalPriority.objects.select_related("partnership__community"),
        partnership=partnership,
        pk=pk,
    )


def priority_actions(*, priority: LocalPriority) -> QuerySet[PriorityAction]:
    return PriorityAction.objects.filter(priority=priority).order_by("due_on", "pk")


def action_get(*, actor, slug: str, pk: int) -> PriorityAction:
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


def indicator_get(*, actor, slug: str, pk: int) -> Indicator:
    partnership = partnership_get(actor=actor, slug=slug)
    return get_object_or_404(
        indicators_for(partnership=partnership).select_related("partnership__community"), pk=pk
    )


def workers_for(*, partnership: Partnership) -> QuerySet[PartnershipWorker]:
    return PartnershipWorker.objects.filter(partnership=partnership).select_related("organisation")


def investments_for(*, partnership: Partnership) -> QuerySet[Investment]:
    return Investment.objects.filter(partnership=partnership).order_by("-financial_year", "purpose")


def investment_totals_by_year(*, partnership: Partnership) -> list[dict]:
    rows = (
        Investment.objects.filter(partnership=partnership)
        .values("financial_year")
        .annotate(total=Sum("amount"))
        .order_by("-financial_year")
    )
    return [
        {"financial_year": financial_year_label(row["financial_year"]), "total": row["total"]}
        for row in rows
    ]


# API: every governance record in the actor's communities (the fence narrows it again).
def governance_records(*, actor, model) -> QuerySet:
    return model.objects.filter(community_id__in=community_ids_in_scope(actor))


def partnership_figures_for_report(
    partnership: Partnership, quarter_start: datetime.date, quarter_end: datetime.date
) -> dict:
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


# --- Administration ------------------------------------------------------------------------


def require_administrator(actor) -> None:
    """Administration pages answer 404 to everyone else: they do not reveal they exist."""
    if not is_administrator(actor):
        raise Http404("No such page.")


def communities_for_administration(*, actor) -> QuerySet[Community]:
    require_administrator(actor)
    today = timezone.localdate()
    active = Q(memberships__starts_on__lte=today) & (
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gt=today)
    )
    return (
        Community.objects.select_related("region", "partnership")
        .annotate(active_memberships=Count("memberships", filter=active))
        .order_by("name")
    )


def community_for_administration(*, actor, slug: str) -> Community:
    require_administrator(actor)
    return get_object_or_404(Community.objects.select_related("region", "partnership"), slug=slug)


def community_access(*, actor, community: Community) -> QuerySet[Membership]:
    """Everyone who has or had access to the community: role, since when, granted by whom."""
    require_administrator(actor)
    return (
        Membership.objects.filter(community=community)
        .select_related("user", "granted_by", "ended_by", "community")
        .order_by("user__username", "-starts_on")
    )


def membership_for_administration(*, actor, pk: int) -> Membership:
    require_administrator(actor)
    return get_object_or_404(
        Membership.objects.select_related("user", "community", "granted_by"), pk=pk
    )


def user_for_administration(*, actor, pk: int):
    require_administrator(actor)
    return get_object_or_404(get_user_model().objects.all(), pk=pk)


def user_memberships(*, actor, user) -> QuerySet[Membership]:
    require_administrator(actor)
    return (
        Membership.objects.filter(user=user)
        .select_related("community", "granted_by")
        .order_by("-starts_on")
    )
