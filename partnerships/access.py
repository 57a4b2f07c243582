"""Who works where, read once per request: the active memberships behind every access answer.

Every request asks several times what its user may do (the fence, the predicates, the
navigation). ``partnerships.middleware`` reads the answer once per request with
``remember_access`` and keeps it on that request's user object; a membership change
drops it (``forget_access``). Outside a request every call reads afresh.

Membership rows are dated: ``Membership.objects.active()`` keeps only those running
today, so a membership whose end date has passed gives no access from that day on,
whatever guardian's rows still say.
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import CASEWORK_ROLES, COMMUNITY_ROLES, Community, Membership, Partnership

ACCESS_CACHE_ATTRS = ("_cwsp_memberships",)


def _is_person(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(
        getattr(user, "is_active", False)
    )


def memberships_active_for(user) -> QuerySet[Membership]:
    if not _is_person(user):
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user).select_related("community")


def _read_active_memberships(user) -> list[Membership]:
    return list(memberships_active_for(user).select_related("community__partnership"))


def remember_access(user) -> None:
    """Read the user's active memberships once, for the rest of this request."""
    if _is_person(user):
        user._cwsp_memberships = _read_active_memberships(user)


def forget_access(user) -> None:
    for attr in ACCESS_CACHE_ATTRS:
        if hasattr(user, attr):
            delattr(user, attr)


def active_memberships(user) -> list[Membership]:
    """The user's active memberships with their community and its partnership."""
    if not _is_person(user):
        return []
    cached = getattr(user, "_cwsp_memberships", None)
    return cached if cached is not None else _read_active_memberships(user)


def roles_for(user) -> set[str]:
    return {m.role for m in active_memberships(user)}


def community_ids_for_roles(user, roles: Iterable[str]) -> list[int]:
    wanted = set(roles)
    return sorted(
        {
            m.community_id
            for m in active_memberships(user)
            if m.role in wanted and m.community_id is not None
        }
    )


def community_ids_in_scope(user) -> list[int]:
    """The communities whose records this user's requests may read: the fence's scope."""
    return community_ids_for_roles(user, COMMUNITY_ROLES)


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
