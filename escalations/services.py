"""Writes to themes, leaders' meetings and escalations: every entry point calls these.

``community`` always comes from the parent record (the theme's community comes from the
actor's own community choice, checked against their roles), never from other input.
Every service asks ``escalations.permissions`` first; a refusal is ``PermissionDenied``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from audit.services import audit_record
from casework.models import Child, Family
from casework.selectors import identifying_people_of
from casework.services import history_before, record_change
from core.actors import Actor, person
from core.free_text import identifying_message, identifying_words
from partnerships.models import Community, Organisation

from .models import Escalation, EscalationResponse, LeadersMeeting, MeetingAction, Theme, ThemeLink
from .permissions import (
    require_edit_escalation,
    require_edit_meeting,
    require_edit_theme,
    require_edit_themes_in,
    require_escalate_theme,
    require_link_theme_records,
)

MIN_THEME_LINKS = 2

# The only moves an escalation may make; resolved and declined are final.
ESCALATION_TRANSITIONS: dict[str, frozenset[str]] = {
    Escalation.Status.RAISED: frozenset(
        {Escalation.Status.ACKNOWLEDGED, Escalation.Status.DECLINED}
    ),
    Escalation.Status.ACKNOWLEDGED: frozenset(
        {Escalation.Status.IN_PROGRESS, Escalation.Status.RESOLVED, Escalation.Status.DECLINED}
    ),
    Escalation.Status.IN_PROGRESS: frozenset(
        {Escalation.Status.RESOLVED, Escalation.Status.DECLINED}
    ),
    Escalation.Status.RESOLVED: frozenset(),
    Escalation.Status.DECLINED: frozenset(),
}


# How far ahead a date of an escalation's life may be (a response or status change may be
# recorded ahead, as agreed; nothing is planned more than a year out). "Raised on" is a
# fact: never after today.
LATEST_AHEAD = datetime.timedelta(days=366)


def _require_plausible_dates(**dates: datetime.date | None) -> None:
    """Refuse a date after today ("raised_on") or more than a year ahead (the others)."""
    today = timezone.localdate()
    errors = {}
    for name, value in dates.items():
        if value is None:
            continue
        if name == "raised_on" and value > today:
            errors[name] = "An escalation cannot be raised after today."
        elif value > today + LATEST_AHEAD:
            errors[name] = "The date is more than a year ahead: check the year."
    if errors:
        raise ValidationError(errors)


def _require_no_identifying_text(community_id: int, **texts: str) -> None:
    """Refuse free text that leaves the community when it names one of its children or
    family members or gives a date of birth: the message says which words to take out."""
    people = identifying_people_of(community_ids=[community_id])[community_id]
    errors = {}
    for name, text in texts.items():
        words = identifying_words(text, people)
        if words:
            errors[name] = identifying_message(words)
    if errors:
        raise ValidationError(errors)


def _validated_links(
    community: Community,
    child_ids: Sequence[int],
    family_ids: Sequence[int],
    seen_across: int = 0,
) -> tuple[list[int], list[int]]:
    """The children and families, all of the theme's community; any other id is "not found".

    Read with the fence off and filtered by community, so an id from another community
    answers exactly like an id that does not exist: nothing leaks about it.
    """
    children = sorted({int(i) for i in child_ids})
    families = sorted({int(i) for i in family_ids})
    with scopes_disabled():
        found_children = set(
            Child.objects.filter(community=community, pk__in=children).values_list("pk", flat=True)
        )
        found_families = set(
            Family.objects.filter(community=community, pk__in=families).values_list("pk", flat=True)
        )
    errors = {}
    if set(children) - found_children:
        errors["children"] = "A child was not found."
    if set(families) - found_families:
        errors["families"] = "A family was not found."
    if errors:
        raise ValidationError(errors)
    if len(children) + len(families) + seen_across < MIN_THEME_LINKS:
        raise ValidationError(
            {
                "children" if not seen_across else "seen_across": _(
                    "A theme is seen across multiple children and/or families: link or count at "
                    "least %(MIN_THEME_LINKS)s (children and families together)."
                )
                % {"MIN_THEME_LINKS": MIN_THEME_LINKS}
            }
        )
    return children, families


def _set_links(theme: Theme, child_ids: list[int], family_ids: list[int]) -> None:
    with scopes_disabled():
        # A child whose record moved to another community still counts: its link stays.
        ThemeLink.objects.filter(theme=theme, child__community_id=theme.community_id).exclude(
            child_id__in=child_ids
        ).delete()
        ThemeLink.objects.filter(theme=theme, family__community_id=theme.community_id).exclude(
            family_id__in=family_ids
        ).delete()
        have_children = set(
            ThemeLink.objects.filter(theme=theme, child__isnull=False).values_list(
                "child_id", flat=True
            )
        )
        have_families = set(
            ThemeLink.objects.filter(theme=theme, family__isnull=False).values_list(
                "family_id", flat=True
            )
        )
    ThemeLink.objects.bulk_create(
        [
            ThemeLink(theme=theme, community_id=theme.community_id, child_id=child_id)
            for child_id in child_ids
            if child_id not in have_children
        ]
        + [
            ThemeLink(theme=theme, community_id=theme.community_id, family_id=family_id)
            for family_id in family_ids
            if family_id not in have_families
        ]
    )


@transaction.atomic
def theme_create(
    *,
    actor: Actor,
    community: Community,
    title: str,
    category: str,
    description: str,
    identified_on: datetime.date,
    child_ids: Sequence[int] = (),
    family_ids: Sequence[int] = (),
    seen_across: int = 0,
) -> Theme:
    require_edit_themes_in(actor, community.pk)
    children, families = _validated_links(community, child_ids, family_ids, seen_across)
    if children or families:
        require_link_theme_records(actor, community.pk)
    theme = Theme(
        community=community,
        title=title,
        category=category,
        description=description,
        identified_on=identified_on,
        seen_across=seen_across,
        created_by=person(actor),
    )
    theme.full_clean()
    theme.save()
    _set_links(theme, children, families)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=theme)
    return theme


@transaction.atomic
def theme_update(
    *,
    actor: Actor,
    theme: Theme,
    title: str,
    category: str,
    description: str,
    identified_on: datetime.date,
    status: str,
    child_ids: Sequence[int],
    family_ids: Sequence[int],
    reason: str = "",
    seen_across: int | None = None,
) -> Theme:
    """Change the theme and its links; the earlier values (and linked children and
    families) are kept in its history with who changed them, when and why."""
    require_edit_theme(actor, theme)
    if seen_across is None:
        seen_across = theme.seen_across
    children, families = _validated_links(theme.community, child_ids, family_ids, seen_across)
    before = history_before(theme, THEME_HISTORY_FIELDS)
    links_before = _link_ids(theme)
    if (links_before["children"], links_before["families"]) != (children, families):
        require_link_theme_records(actor, theme.community_id)
    theme.seen_across = seen_across
    theme.title, theme.category, theme.description = title, category, description
    theme.identified_on = identified_on
    if status == Theme.Status.CLOSED and theme.status != Theme.Status.CLOSED:
        theme.closed_on = timezone.localdate()
    elif status != Theme.Status.CLOSED:
        theme.closed_on = None
    theme.status = status
    theme.full_clean()
    theme.save()
    _set_links(theme, children, families)
    links_after = _link_ids(theme)
    record_change(
        actor=actor,
        obj=theme,
        before=before,
        reason=reason,
        also={name: (links_before[name], links_after[name]) for name in links_before},
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=theme, detail={"status": status})
    return theme


THEME_HISTORY_FIELDS = (
    "title",
    "category",
    "description",
    "identified_on",
    "status",
    "closed_on",
    "seen_across",
)


def _link_ids(theme: Theme) -> dict[str, list[int]]:
    with scopes_disabled():  # one theme's own links, whoever's scope is open
        links = list(ThemeLink.objects.filter(theme=theme).values_list("child_id", "family_id"))
    return {
        "children": sorted(c for c, _f in links if c is not None),
        "families": sorted(f for _c, f in links if f is not None),
    }


def _themes_of(community_id: int, theme_ids: Sequence[int]) -> list[Theme]:
    wanted = sorted({int(i) for i in theme_ids})
    with scopes_disabled():
        themes = list(Theme.objects.filter(community_id=community_id, pk__in=wanted))
    if len(themes) != len(wanted):
        raise ValidationError({"themes": _("A theme was not found.")})
    return themes


@transaction.atomic
def leaders_meeting_create(
    *,
    actor: Actor,
    community: Community,
    held_on: datetime.date,
    discussion: str,
    responses_agreed: str = "",
    attendee_people: str = "",
    attendee_organisations: Sequence[Organisation] = (),
    theme_ids: Sequence[int] = (),
) -> LeadersMeeting:
    require_edit_themes_in(actor, community.pk)
    themes = _themes_of(community.pk, theme_ids)
    meeting = LeadersMeeting(
        community=community,
        held_on=held_on,
        discussion=discussion,
        responses_agreed=responses_agreed,
        attendee_people=attendee_people,
        created_by=person(actor),
    )
    meeting.full_clean()
    meeting.save()
    # The themes were checked to be this community's above; the fence would refuse the
    # related manager's own read when called outside a request (commands, seeders).
    with scopes_disabled():
        meeting.themes.set(themes)
    meeting.attendee_organisations.set(list(attendee_organisations))
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=meeting)
    return meeting


@transaction.atomic
def meeting_action_add(
    *, actor: Actor, meeting: LeadersMeeting, description: str, owner: str, due_on: datetime.date
) -> MeetingAction:
    require_edit_meeting(actor, meeting)
    action = MeetingAction(
        meeting=meeting,
        community_id=meeting.community_id,
        description=description,
        owner=owner,
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def meeting_action_mark_done(
    *, actor: Actor, action: MeetingAction, done_on: datetime.date | None = None
) -> MeetingAction:
    require_edit_meeting(actor, action)
    action.done_on = done_on or timezone.localdate()
    action.save(update_fields=["done_on"])
    return action


@transaction.atomic
def escalation_raise(
    *,
    actor: Actor,
    theme: Theme,
    level: str,
    body: str,
    requested_action: str,
    raised_on: datetime.date | None = None,
) -> Escalation:
    """Escalate a theme. A regional one is in the Oversight Group's reporting by its level."""
    require_escalate_theme(actor, theme)
    _require_plausible_dates(raised_on=raised_on)
    # Every escalation goes to a body outside the community, and a regional one to the
    # Oversight Group and the quarterly report: none may name a person.
    _require_no_identifying_text(theme.community_id, body=body, requested_action=requested_action)
    escalation = Escalation(
        theme=theme,
        community_id=theme.community_id,
        level=level,
        body=body,
        requested_action=requested_action,
        raised_on=raised_on or timezone.localdate(),
        raised_by=person(actor),
    )
    escalation.full_clean()
    escalation.save()
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=escalation, detail={"level": level}
    )
    return escalation


@transaction.atomic
def escalation_change_status(
    *, actor: Actor, escalation: Escalation, status: str, on: datetime.date | None = None
) -> Escalation:
    """Move an escalation along raised → acknowledged → in progress → resolved / declined."""
    require_edit_escalation(actor, escalation)
    allowed = ESCALATION_TRANSITIONS[escalation.status]
    if status not in allowed:
        labels = dict(Escalation.Status.choices)
        options = ", ".join(labels[s].lower() for s in sorted(allowed)) or _(
            "nothing (it is final)"
        )
        raise ValidationError(
            {
                "status": _(
                    "An escalation that is %(lower)s cannot become %(lower2)s; "
                    "it can become %(options)s."
                )
                % {
                    "lower": labels[escalation.status].lower(),
                    "lower2": labels.get(status, status).lower(),
                    "options": options,
                }
            }
        )
    on = on or timezone.localdate()
    _require_plausible_dates(on=on)
    if on < escalation.raised_on:
        raise ValidationError({"on": _("The date cannot be before the escalation was raised.")})
    if status in (Escalation.Status.ACKNOWLEDGED, Escalation.Status.IN_PROGRESS):
        escalation.acknowledged_on = escalation.acknowledged_on or on
    if status in (Escalation.Status.RESOLVED, Escalation.Status.DECLINED):
        escalation.closed_on = on
    previous = escalation.status
    escalation.status = status
    escalation.full_clean()
    escalation.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=escalation,
        detail={"status_from": previous, "status_to": status},
    )
    return escalation


@transaction.atomic
def escalation_response_add(
    *, actor: Actor, escalation: Escalation, responded_on: datetime.date, summary: str
) -> EscalationResponse:
    require_edit_escalation(actor, escalation)
    _require_plausible_dates(responded_on=responded_on)
    _require_no_identifying_text(escalation.community_id, summary=summary)
    if responded_on < escalation.raised_on:
        raise ValidationError(
            {"responded_on": _("A response cannot come before the escalation was raised.")}
        )
    response = EscalationResponse(
        escalation=escalation,
        community_id=escalation.community_id,
        responded_on=responded_on,
        summary=summary,
        recorded_by=person(actor),
    )
    response.full_clean()
    response.save()
    return response
