"""Notifications about casework waiting for someone, and clearing them once it is done.

Casework services do not import this app (it sits above casework): they enqueue the
tasks in ``notifications.tasks`` by name after their transaction commits, and those
tasks call these services inside the case's community fence. So a team leader hears of
a closure request or a new further-action task, and each notification is marked done
(and leaves the unread count) when the closure or task is decided, or, for a contact
reminder, when a face-to-face contact is logged.

Only people with an active membership in the case's community are notified.

Messages name the case in words and dates as "1 December 2026"; they carry the child's
initials at most, never a full name or date of birth (they may also be emailed).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from casework.models import Case, CaseTask, Child
from partnerships.models import Community, Membership, Role

from .models import Notification

Kind = Notification.Kind

# What a finished piece of work clears, by what was done.
CLEARED_BY = {
    "closure_decided": (Kind.CLOSURE_WAITING,),
    "task_decided": (Kind.FURTHER_ACTION,),
    "contact_logged": (
        Kind.CONTACT_DUE_SOON,
        Kind.CONTACT_OVERDUE,
        Kind.RETURN_VISIT_DUE_SOON,
        Kind.RETURN_VISIT_OVERDUE,
    ),
}


def long_date(day: datetime.date) -> str:
    """'1 December 2026': how dates read in notifications and their emails."""
    return f"{day.day} {day:%B %Y}"


def initials(child: Child) -> str:
    first = (child.preferred_name or child.given_name)[:1]
    return f"{first}. {child.family_name[:1]}.".upper()


def case_in_words(case: Case, community_name: str) -> str:
    """'The Child in care case of J. S. in Wadeye': a case named without its number."""
    return f"The {case.get_kind_display()} case of {initials(case.child)} in {community_name}"


def active_member_ids(community_id: int, user_ids: Iterable[int], roles: Iterable[str]) -> set[int]:
    """Those of ``user_ids`` with an active membership in the community in one of ``roles``."""
    wanted = sorted({pk for pk in user_ids if pk})
    if not wanted:
        return set()
    return set(
        Membership.objects.active()
        .filter(community_id=community_id, user_id__in=wanted, role__in=sorted(roles))
        .values_list("user_id", flat=True)
    )


def _team_leaders_for(case: Case, *, exclude: int | None) -> list[int]:
    """The case's team leader when they still lead a team there, else every active team
    leader of the community; never the person who asked."""
    leaders = Membership.objects.active().filter(
        community_id=case.community_id, role=Role.TEAM_LEADER
    )
    ids = set(leaders.values_list("user_id", flat=True))
    if case.team_leader_id in ids:
        ids = {case.team_leader_id}
    ids.discard(exclude)
    return sorted(ids)


def _notify(case: Case, kind: str, message: str, user_ids: list[int]) -> int:
    """One notification per person, unless they already have this one not yet done."""
    if not user_ids:
        return 0
    already = set(
        Notification.objects.filter(
            case_id=case.pk, kind=kind, user_id__in=user_ids, done_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    url = reverse("casework:child_detail", args=[case.child_id]) + f"#case-{case.pk}"
    rows = [
        Notification(
            user_id=user_id,
            community_id=case.community_id,
            case_id=case.pk,
            kind=kind,
            message=message[:300],
            url=url,
        )
        for user_id in user_ids
        if user_id not in already
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def closure_request_notify(*, case_id: int) -> int:
    """Tell the team leader a closure waits for their decision. Call inside the fence."""
    case = Case.objects.select_related("child").filter(pk=case_id).first()
    if case is None or not case.closure_is_waiting:
        return 0
    community = Community.objects.only("name").get(pk=case.community_id)
    asked_on = timezone.localtime(case.closure_requested_at or timezone.now()).date()
    message = (
        f"{case_in_words(case, community.name)}: closure with no further action requested on "
        f"{long_date(asked_on)}, waiting for your decision"
    )
    return _notify(
        case,
        Kind.CLOSURE_WAITING,
        message,
        _team_leaders_for(case, exclude=case.closure_requested_by_id),
    )


def further_action_notify(*, task_id: int) -> int:
    """Tell the team leader a 'consider further action' task is theirs to decide."""
    task = CaseTask.objects.select_related("case", "case__child").filter(pk=task_id).first()
    if task is None or not task.is_open:
        return 0
    case = task.case
    community = Community.objects.only("name").get(pk=case.community_id)
    opened_on = timezone.localtime(task.opened_at).date()
    message = (
        f"{case_in_words(case, community.name)}: further action to consider, opened "
        f"{long_date(opened_on)}"
    )
    if task.assigned_to_id and active_member_ids(
        case.community_id, [task.assigned_to_id], [Role.TEAM_LEADER]
    ):
        recipients = [task.assigned_to_id]
    else:
        recipients = _team_leaders_for(case, exclude=None)
    return _notify(case, Kind.FURTHER_ACTION, message, recipients)


def notifications_clear(*, case_id: int, done: str) -> int:
    """Mark done (and read) the notifications that ``done`` finished on this case."""
    now = timezone.now()
    kinds = CLEARED_BY[done]
    open_ones = Notification.objects.filter(case_id=case_id, kind__in=kinds, done_at__isnull=True)
    open_ones.filter(read_at__isnull=True).update(read_at=now)
    return open_ones.update(done_at=now)
