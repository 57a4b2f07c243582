"""Reads for administration: communities, access and people, for those who manage access.

Administration is an area of its own. Someone without the role gets 403 there, except for a
record of a community they do not work in (or of nobody's community), which is 404 as
everywhere else: nothing is confirmed to exist that they could not see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.actors import Actor

from .models import Community, Membership, Partnership
from .permissions import may_manage_access, require_access_manager, works_in

if TYPE_CHECKING:
    from accounts.models import User


def _refuse_administration(actor: Actor, *, community_ids: set[int]) -> None:
    """Raise unless the actor manages access: 403 inside their communities, else 404."""
    if may_manage_access(actor):
        return
    if any(works_in(actor, community_id) for community_id in community_ids):
        raise PermissionDenied(_("Only an administrator manages access."))
    raise Http404("No such page.")


def communities_for_administration(*, actor: Actor) -> QuerySet[Community]:
    require_access_manager(actor)
    today = timezone.localdate()
    active = Q(memberships__starts_on__lte=today) & (
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gt=today)
    )
    return (
        Community.objects.select_related("region", "partnership")
        .annotate(active_memberships=Count("memberships", filter=active))
        .order_by("name")
    )


def community_for_administration(*, actor: Actor, slug: str) -> Community:
    community = get_object_or_404(
        Community.objects.select_related("region", "partnership"), slug=slug
    )
    _refuse_administration(actor, community_ids={community.pk})
    return community


def community_access(*, actor: Actor, community: Community) -> QuerySet[Membership]:
    """Everyone who has or had access to the community: role, since when, granted by whom."""
    require_access_manager(actor)
    return (
        Membership.objects.filter(community=community)
        .select_related("user", "granted_by", "ended_by", "community")
        .order_by("user__username", "-starts_on")
    )


def membership_for_administration(*, actor: Actor, pk: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "community", "granted_by"), pk=pk
    )
    community_ids = {membership.community_id} if membership.community_id else set()
    _refuse_administration(actor, community_ids=community_ids)
    return membership


def user_for_administration(*, actor: Actor, pk: int) -> User:
    person = get_object_or_404(get_user_model().objects.all(), pk=pk)
    if not may_manage_access(actor):
        # Their communities: where the person works (or worked), as the actor might know.
        community_ids = set(
            Membership.objects.filter(user=person, community__isnull=False).values_list(
                "community_id", flat=True
            )
        )
        _refuse_administration(actor, community_ids=community_ids)
    return person


def user_memberships(*, actor: Actor, user: User) -> QuerySet[Membership]:
    require_access_manager(actor)
    return (
        Membership.objects.filter(user=user)
        .select_related("community", "granted_by")
        .order_by("-starts_on")
    )


def partnership_for_administration(*, actor: Actor, slug: str) -> Partnership:
    """A community's Partnership for an administrator (403 inside their communities, else 404)."""
    community = community_for_administration(actor=actor, slug=slug)
    try:
        return community.partnership
    except Partnership.DoesNotExist:
        raise Http404("This community has no Partnership yet.") from None


def partnerships_for_administration(*, actor: Actor) -> QuerySet[Partnership]:
    require_access_manager(actor)
    return Partnership.objects.select_related("community").order_by("community__name")


def territory_wide_access(*, actor: Actor) -> QuerySet[Membership]:
    """Everyone who has or had a role in no community (oversight, administration)."""
    require_access_manager(actor)
    return (
        Membership.objects.filter(community__isnull=True)
        .select_related("user", "granted_by", "ended_by")
        .order_by("role", "user__username", "-starts_on")
    )
