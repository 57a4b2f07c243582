"""Who may do what with themes, leaders' meetings and escalations: named predicates.

Each predicate reads the actor's active memberships
(``partnerships.selectors.active_memberships``, read once per request) and returns a bool;
pages, API permission classes and services ask the same ones. The ``require_*`` helpers
raise ``PermissionDenied`` (403) with a message a person can act on.

The answer rule: a record outside the actor's communities is not found (404, the selectors
decide that); inside one of their communities, or on a page that is about no one community,
a role that cannot do it is refused (403).

System actors pass none of these: themes, leaders' meetings and escalations are a
Partnership's decisions, always recorded by a person (the demo seeds them as its demo
coordinator and team leader). A ``None`` actor passes nothing either.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from casework.permissions import casework_ids
from core.actors import Actor
from partnerships.models import OVERSIGHT_ROLES, Role
from partnerships.selectors import community_ids_for_roles, has_role

from .models import Escalation, LeadersMeeting, MeetingAction, Theme

# Who reads a community's themes and meetings, and who changes them.
THEME_READERS = frozenset({Role.PRACTITIONER, Role.TEAM_LEADER, Role.COORDINATOR})
THEME_EDITORS = frozenset({Role.TEAM_LEADER, Role.COORDINATOR})
# Escalations are the coordinator's and team leader's business.
ESCALATION_READERS = THEME_EDITORS
ESCALATION_EDITORS = THEME_EDITORS
# The Territory-wide regional list (it names no child): oversight roles and coordinators.
REGIONAL_COMMUNITY_READERS = frozenset({Role.COORDINATOR})

THEME_EDITOR_MESSAGE = (
    "Only the community's partnership coordinator or a team leader can change themes "
    "and leaders' meetings."
)
ESCALATION_MESSAGE = (
    "Only the community's partnership coordinator or a team leader can see and change escalations."
)


# --- Where: the communities in which the actor's role may do something ----------------


def theme_reader_community_ids(actor: Actor) -> list[int]:
    return community_ids_for_roles(actor, THEME_READERS)


def theme_editor_community_ids(actor: Actor) -> list[int]:
    return community_ids_for_roles(actor, THEME_EDITORS)


def escalation_community_ids(actor: Actor) -> list[int]:
    return community_ids_for_roles(actor, ESCALATION_READERS)


# --- Predicates ----------------------------------------------------------------------------


def may_read_themes(actor: Actor) -> bool:
    """The themes and meetings pages: the actor reads them in at least one community."""
    return bool(theme_reader_community_ids(actor))


def may_edit_themes(actor: Actor) -> bool:
    """May open "new theme" / "new leaders' meeting": an editor in at least one community."""
    return bool(theme_editor_community_ids(actor))


def may_edit_themes_in(actor: Actor, community_id: int) -> bool:
    return community_id in theme_editor_community_ids(actor)


def may_edit_theme(actor: Actor, theme: Theme) -> bool:
    return may_edit_themes_in(actor, theme.community_id)


def may_link_theme_records(actor: Actor, community_id: int) -> bool:
    """Link children and families to a theme: only who sees their names, the community's
    casework staff (a coordinator sees a theme's count of links, never who they are)."""
    return community_id in casework_ids(actor)


def may_edit_meeting(actor: Actor, meeting: LeadersMeeting | MeetingAction) -> bool:
    """Add or close a leaders' meeting's actions (a meeting or one of its actions)."""
    return may_edit_themes_in(actor, meeting.community_id)


def may_read_escalations(actor: Actor) -> bool:
    """The escalations list: the actor reads escalations in at least one community."""
    return bool(escalation_community_ids(actor))


def may_read_escalations_in(actor: Actor, community_id: int) -> bool:
    return community_id in escalation_community_ids(actor)


def may_read_escalation(actor: Actor, escalation: Escalation) -> bool:
    return may_read_escalations_in(actor, escalation.community_id)


def may_escalate(actor: Actor) -> bool:
    """May open "escalate a theme": an escalation editor in at least one community."""
    return bool(community_ids_for_roles(actor, ESCALATION_EDITORS))


def may_escalate_theme(actor: Actor, theme: Theme) -> bool:
    return theme.community_id in community_ids_for_roles(actor, ESCALATION_EDITORS)


def may_edit_escalation(actor: Actor, escalation: Escalation) -> bool:
    """Move its status, record the body's responses."""
    return escalation.community_id in community_ids_for_roles(actor, ESCALATION_EDITORS)


def may_read_regional(actor: Actor) -> bool:
    """The Territory-wide list of regional escalations, which names no child or family."""
    return has_role(actor, *OVERSIGHT_ROLES) or bool(
        community_ids_for_roles(actor, REGIONAL_COMMUNITY_READERS)
    )


def may_read_regional_text(actor: Actor, community_id: int) -> bool:
    """A regional escalation's free text (body, action requested, responses): the Oversight
    Group reads every community's; a coordinator only their own communities'. Others'
    rows show a coordinator only the level, status and dates."""
    return has_role(actor, *OVERSIGHT_ROLES) or community_id in community_ids_for_roles(
        actor, REGIONAL_COMMUNITY_READERS
    )


# --- Refusals (403) ------------------------------------------------------------------------


def require_read_themes(actor: Actor) -> None:
    if not may_read_themes(actor):
        raise PermissionDenied(_("Themes are read by the staff of the community they belong to."))


def require_edit_themes(actor: Actor) -> None:
    if not may_edit_themes(actor):
        raise PermissionDenied(THEME_EDITOR_MESSAGE)


def require_edit_themes_in(actor: Actor, community_id: int) -> None:
    if not may_edit_themes_in(actor, community_id):
        raise PermissionDenied(THEME_EDITOR_MESSAGE)


def require_edit_theme(actor: Actor, theme: Theme) -> None:
    if not may_edit_theme(actor, theme):
        raise PermissionDenied(THEME_EDITOR_MESSAGE)


def require_link_theme_records(actor: Actor, community_id: int) -> None:
    if not may_link_theme_records(actor, community_id):
        # A field's message rather than a 403: the rest of the theme may still be saved.
        raise ValidationError(
            {"children": _("Only casework staff of the community link children and families.")}
        )


def require_edit_meeting(actor: Actor, meeting: LeadersMeeting | MeetingAction) -> None:
    if not may_edit_meeting(actor, meeting):
        raise PermissionDenied(THEME_EDITOR_MESSAGE)


def require_read_escalations(actor: Actor) -> None:
    if not may_read_escalations(actor):
        raise PermissionDenied(ESCALATION_MESSAGE)


def require_read_escalation(actor: Actor, escalation: Escalation) -> None:
    if not may_read_escalation(actor, escalation):
        raise PermissionDenied(ESCALATION_MESSAGE)


def require_escalate(actor: Actor) -> None:
    if not may_escalate(actor):
        raise PermissionDenied(ESCALATION_MESSAGE)


def require_escalate_theme(actor: Actor, theme: Theme) -> None:
    if not may_escalate_theme(actor, theme):
        raise PermissionDenied(ESCALATION_MESSAGE)


def require_edit_escalation(actor: Actor, escalation: Escalation) -> None:
    if not may_edit_escalation(actor, escalation):
        raise PermissionDenied(ESCALATION_MESSAGE)


def require_read_regional(actor: Actor) -> None:
    if not may_read_regional(actor):
        raise PermissionDenied(
            _("The regional escalations are read by the Oversight Group and by coordinators.")
        )
