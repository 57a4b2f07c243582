"""Reads of themes, leaders' meetings and escalations, always for an acting user.

Community pages read inside the fence (the request's scope) and filter by the actor's
roles as well (``escalations.permissions``). A record outside the actor's communities is
not found (404); an escalation of one of their communities that their role cannot read is
refused (403). The regional list is the one read across communities: it runs with the
fence disabled and returns only non-identifying fields (no child, no family, no theme
text), so oversight roles can read it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from casework.models import Child, Family, RecordChange
from casework.selectors import identifying_people_of
from casework.selectors_families import HistoryRow, history_rows
from core.actors import Actor
from core.free_text import checked_text
from partnerships.selectors import community_ids_in_scope

from .models import Escalation, EscalationResponse, LeadersMeeting, MeetingAction, Theme, ThemeLink
from .permissions import (
    escalation_community_ids,
    may_read_regional_text,
    require_read_escalation,
    theme_reader_community_ids,
)


def themes_for(*, actor: Actor) -> QuerySet[Theme]:
    return (
        Theme.objects.filter(community_id__in=theme_reader_community_ids(actor))
        .select_related("community")
        .annotate(
            link_count=Count("links", distinct=True),
            escalation_count=Count("escalations", distinct=True),
        )
        .order_by("-identified_on", "-id")
    )


def theme_get(*, actor: Actor, pk: int) -> Theme:
    """One theme with its links (children and families of its community only)."""
    links = ThemeLink.objects.select_related("child", "family").order_by("id")
    try:
        return (
            Theme.objects.filter(community_id__in=theme_reader_community_ids(actor))
            .select_related("community", "created_by")
            .prefetch_related(
                Prefetch("links", queryset=links),
                Prefetch("escalations", queryset=Escalation.objects.order_by("-raised_on")),
            )
            .get(pk=pk)
        )
    except Theme.DoesNotExist:
        raise Http404("No such theme.") from None


def meetings_for(*, actor: Actor) -> QuerySet[LeadersMeeting]:
    return (
        LeadersMeeting.objects.filter(community_id__in=theme_reader_community_ids(actor))
        .select_related("community")
        .annotate(
            action_count=Count("actions", distinct=True),
            theme_count=Count("themes", distinct=True),
        )
        .order_by("-held_on", "-id")
    )


def meeting_get(*, actor: Actor, pk: int) -> LeadersMeeting:
    try:
        return (
            LeadersMeeting.objects.filter(community_id__in=theme_reader_community_ids(actor))
            .select_related("community", "created_by")
            .prefetch_related(
                "themes",
                "attendee_organisations",
                Prefetch("actions", queryset=MeetingAction.objects.order_by("due_on", "id")),
            )
            .get(pk=pk)
        )
    except LeadersMeeting.DoesNotExist:
        raise Http404("No such meeting.") from None


def meeting_action_get(*, meeting: LeadersMeeting, pk: int) -> MeetingAction:
    """One action of a meeting the actor already reached (``meeting_get``)."""
    try:
        return meeting.actions.get(pk=pk)
    except MeetingAction.DoesNotExist:
        raise Http404("No such action.") from None


def escalations_for(*, actor: Actor) -> QuerySet[Escalation]:
    """The escalations the actor's roles read: their communities' where they coordinate or lead."""
    return (
        Escalation.objects.filter(community_id__in=escalation_community_ids(actor))
        .select_related("community", "theme")
        .order_by("-raised_on", "-id")
    )


def escalations_of_communities(*, actor: Actor) -> QuerySet[Escalation]:
    """Every escalation of the communities the actor works in, whatever their role there.

    Only for finding one record before asking whether the actor may read it: outside these
    communities a record is not found (404), inside them a role that cannot read it is
    refused (403). Never listed as it is.
    """
    return (
        Escalation.objects.filter(community_id__in=community_ids_in_scope(actor))
        .select_related("community", "theme")
        .prefetch_related(
            Prefetch("responses", queryset=EscalationResponse.objects.order_by("responded_on"))
        )
    )


ESCALATION_VIEWS = {
    "open": _("Open"),
    "closed": _("Resolved or declined"),
    "all": _("All"),
}
ESCALATION_CLOSED = (Escalation.Status.RESOLVED, Escalation.Status.DECLINED)


def escalations_shown(*, actor: Actor, show: str) -> QuerySet[Escalation]:
    """The list page's escalations: open ones (the default), closed ones or all."""
    queryset = escalations_for(actor=actor)
    if show == "closed":
        return queryset.filter(status__in=ESCALATION_CLOSED)
    if show == "all":
        return queryset
    return queryset.exclude(status__in=ESCALATION_CLOSED)


def escalation_view_counts(*, actor: Actor) -> dict[str, int]:
    """How many escalations each view of the list holds. One query."""
    closed = Q(status__in=ESCALATION_CLOSED)
    return (
        escalations_for(actor=actor)
        .order_by()
        .aggregate(
            open=Count("id", filter=~closed), closed=Count("id", filter=closed), all=Count("id")
        )
    )


def escalation_get(*, actor: Actor, pk: int) -> Escalation:
    """One escalation: 404 outside the actor's communities, 403 when their role cannot read it."""
    try:
        escalation = escalations_of_communities(actor=actor).get(pk=pk)
    except Escalation.DoesNotExist:
        raise Http404("No such escalation.") from None
    require_read_escalation(actor, escalation)
    return escalation


# Fields the regional list may show: none names a child, a family or a person.
REGIONAL_FIELDS = (
    "id",
    "community_id",
    "community__name",
    "community__region__name",
    "theme__category",
    "body",
    "requested_action",
    "raised_on",
    "status",
    "acknowledged_on",
    "closed_on",
)


def regional_escalations(
    *, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Every regional escalation (the Oversight Group's by construction), de-identified.

    Selected by ``level`` alone: nobody has to mark an escalation for the Oversight Group.
    With ``start``/``end``: those raised by the end and still open at, or closed after, the start.
    """
    with scopes_disabled():
        rows = Escalation.objects.filter(level=Escalation.Level.REGIONAL)
        if end is not None:
            rows = rows.filter(raised_on__lte=end)
        if start is not None:
            rows = rows.exclude(closed_on__lt=start)
        values = list(rows.order_by("raised_on", "id").values(*REGIONAL_FIELDS))
        latest: dict[int, tuple[datetime.date | None, str]] = {}
        responses = EscalationResponse.objects.filter(escalation_id__in=[r["id"] for r in values])
        if end is not None:
            responses = responses.filter(responded_on__lte=end)
        for escalation_id, responded_on, summary in responses.order_by(
            "responded_on", "id"
        ).values_list("escalation_id", "responded_on", "summary"):
            latest[escalation_id] = (responded_on, summary)
    categories = dict(Theme.Category.choices)
    statuses = dict(Escalation.Status.choices)
    return withhold_identifying_text(
        [
            {
                "reference": f"E-{row['id']}",
                "community_id": row["community_id"],
                "community": row["community__name"],
                "region": row["community__region__name"],
                "category": categories.get(row["theme__category"], row["theme__category"]),
                "body": row["body"],
                "requested_action": row["requested_action"],
                "raised_on": row["raised_on"],
                "status": statuses.get(row["status"], row["status"]),
                "status_code": row["status"],
                "acknowledged_on": row["acknowledged_on"],
                "closed_on": row["closed_on"],
                "latest_response_on": latest.get(row["id"], (None, ""))[0],
                "latest_response": latest.get(row["id"], (None, ""))[1],
            }
            for row in values
        ]
    )


# The free text of a regional row: it leaves the community.
REGIONAL_TEXT = ("body", "requested_action", "latest_response")


def withhold_identifying_text(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace any free text that names a person of its community (checked against the
    community's people as they are now) with the withheld marker.

    Text is checked when it is saved; this check at every read catches text saved before
    the check existed and names recorded after it was saved. Rows need ``community_id``.
    """
    people = identifying_people_of(community_ids={row["community_id"] for row in rows})
    for row in rows:
        for key in REGIONAL_TEXT:
            if row.get(key):
                row[key] = checked_text(row[key], people[row["community_id"]])
    return rows


def regional_escalations_for(*, actor: Actor) -> list[dict[str, Any]]:
    """The regional list as ``actor`` may read it: the free text of the communities whose
    text they read (``may_read_regional_text``), level, status and dates for the rest."""
    rows = regional_escalations()
    for row in rows:
        row["text_shown"] = may_read_regional_text(actor, row["community_id"])
        if not row["text_shown"]:
            for key in REGIONAL_TEXT:
                row[key] = ""
    return rows


def theme_history(theme: Theme, *, names: bool) -> list[HistoryRow]:
    """The theme's edits, newest first, as the child's history shows them.

    Linked children and families are named only for those who may read names (casework
    staff of the community); others see how many were linked before and after.
    """
    rows = history_rows(
        RecordChange.objects.filter(
            community_id=theme.community_id,
            record_type=Theme._meta.label_lower,
            record_id=theme.pk,
        )
        .select_related("changed_by")
        .order_by("-changed_at", "-id")
    )
    linked = {
        "children": (Child, "Linked children"),
        "families": (Family, "Linked families"),
    }
    wanted: dict[str, set[int]] = {key: set() for key in linked}
    for row in rows:
        for key in linked:
            if key in row.change.new_values:
                wanted[key].update(row.change.new_values[key] or [])
                wanted[key].update(row.change.previous_values.get(key) or [])
    shown: dict[str, dict[int, str]] = {key: {} for key in linked}
    if names:
        children = Child.objects.filter(community_id=theme.community_id, pk__in=wanted["children"])
        shown["children"] = {child.pk: child.display_name for child in children}
        families = Family.objects.filter(community_id=theme.community_id, pk__in=wanted["families"])
        shown["families"] = {family.pk: family.name for family in families}

    def text(key: str, ids: list[int] | None) -> str:
        ids = ids or []
        if not names:
            return f"{len(ids)} linked"
        return ", ".join(shown[key].get(pk, f"#{pk}") for pk in ids) or "—"

    for row in rows:
        for item, key in zip(row.fields, row.change.new_values, strict=True):
            if key in linked:
                item.label = linked[key][1]
                item.before = text(key, row.change.previous_values.get(key))
                item.after = text(key, row.change.new_values[key])
    return rows
