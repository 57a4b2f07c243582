"""Reads of partnership and access data, always for an acting user."""

from django.db.models import QuerySet
from django.http import Http404

from .models import (
    CASEWORK_ROLES,
    COMMUNITY_ROLES,
    OVERSIGHT_ROLES,
    Community,
    Membership,
    Partnership,
    Role,
)


def memberships_active_for(user) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user).select_related("community")


def community_ids_in_scope(user) -> list[int]:
    """The communities whose records this user's requests may read: the fence's scope."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_cwsp_scope_ids", None)
    if cached is None:
        cached = sorted(
            set(
                memberships_active_for(user)
                .filter(role__in=sorted(COMMUNITY_ROLES))
                .values_list("community_id", flat=True)
            )
        )
        user._cwsp_scope_ids = cached
    return cached


def community_ids_for_roles(user, roles) -> list[int]:
    return sorted(
        set(
            memberships_active_for(user)
            .filter(role__in=sorted(roles), community__isnull=False)
            .values_list("community_id", flat=True)
        )
    )


def roles_for(user) -> set[str]:
    return set(memberships_active_for(user).values_list("role", flat=True))


def has_role(user, *roles: str) -> bool:
    return bool(roles_for(user) & set(roles))


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or has_role(user, Role.ADMINISTRATOR)
    )


def is_oversight(user) -> bool:
    return has_role(user, *OVERSIGHT_ROLES)


def casework_community_ids(user) -> list[int]:
    return community_ids_for_roles(user, CASEWORK_ROLES)


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
