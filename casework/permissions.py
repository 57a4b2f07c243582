"""Who may do what in casework: named predicates, and ``require_*`` helpers that refuse.

Membership is the source: every predicate reads the actor's active memberships through
``partnerships.selectors.active_memberships`` (read once per request and kept on the
user). A person works on cases in a community where they are a practitioner or team
leader and whose partnership keeps case records; a team leader leads the team there.

The product acting for itself (a ``SystemActor``: the demo seeder, data loads, jobs)
passes ``may_work_cases_in`` in every community, so it can register children and open
and update their records. It never leads a team, so it never decides a closure or a
task: those are a person's professional judgement. A record that names the person who
made it (a contact, an assessment, a plan, a referral, a closure request) needs a person:
``require_person``. Pages and the API are for people: ``may_read_casework`` is false for
a system actor.

Pages and API use the same answer: a record outside the actor's communities is 404
(the selectors); inside them, a role that cannot do it is 403 (these predicates).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from core.actors import Actor, is_system
from partnerships.models import Role
from partnerships.permissions import is_administrator, works_in
from partnerships.selectors import active_memberships, casework_community_ids

from .models import Case, CaseTask

# Whoever asks: a person, the product itself, or (on a page or the API) nobody signed in.
Who = Actor | AnonymousUser | None

# --- the communities, for querying --------------------------------------------------------


def casework_ids(actor: Who) -> list[int]:
    """Communities whose children and cases this person works with (none for a system)."""
    if actor is None or is_system(actor):
        return []
    return casework_community_ids(actor)


def team_leader_ids(actor: Who) -> list[int]:
    """Communities where this person leads a team (and which keep case records)."""
    casework = set(casework_ids(actor))
    if not casework:
        return []
    return sorted(
        {
            m.community_id
            for m in active_memberships(actor)
            if m.role == Role.TEAM_LEADER and m.community_id in casework
        }
    )


# --- predicates ---------------------------------------------------------------------------


def is_person(actor: Who) -> bool:
    """A signed-in person, not the product acting for itself."""
    return actor is not None and not is_system(actor) and bool(actor.is_authenticated)


def may_read_casework(actor: Who) -> bool:
    """Has any casework role: may open the caseload, add a child, use the casework API."""
    return bool(casework_ids(actor))


def may_work_cases_in(actor: Who, community_id: int) -> bool:
    """May read and record casework in this community (a system actor: everywhere)."""
    if actor is None:
        return False
    if is_system(actor):
        return True
    return community_id in casework_ids(actor)


def leads_team_in(actor: Who, community_id: int) -> bool:
    return community_id in team_leader_ids(actor)


def leads_any_team(actor: Who) -> bool:
    """May open the team caseload."""
    return bool(team_leader_ids(actor))


def may_decide_closure(actor: Who, case: Case) -> bool:
    """Approve or send back a closure: a team leader of the case's community."""
    return leads_team_in(actor, case.community_id)


def may_decide_task(actor: Who, task: CaseTask) -> bool:
    """Decide a 'consider further action' task: a team leader of its community."""
    return leads_team_in(actor, task.community_id)


def may_reassign_case(actor: Who, case: Case) -> bool:
    """Change who works one case: a team leader of its community, or its practitioner
    handing it over. The product itself (a system actor) may, for data loads and the demo."""
    if actor is None:
        return False
    if is_system(actor):
        return True
    return leads_team_in(actor, case.community_id) or (
        case.practitioner_id == actor.pk and may_work_cases_in(actor, case.community_id)
    )


def may_reassign_caseload_in(actor: Who, community_id: int) -> bool:
    """Move all open cases of a practitioner at once: a team leader of the community (or
    the product itself)."""
    if actor is None:
        return False
    return is_system(actor) or leads_team_in(actor, community_id)


def may_hold_cases_in(user: Who, community_id: int) -> bool:
    """May be a case's practitioner there: a person who works on cases in the community."""
    return is_person(user) and community_id in casework_ids(user)


# --- refusals -----------------------------------------------------------------------------


def require_actor(actor: Who) -> Actor:
    """No write without someone acting: a job or command passes ``system_actor(...)``."""
    if actor is None or isinstance(actor, AnonymousUser):
        raise PermissionDenied(
            _("No one is acting: a person signs in; a job or command acts as a system actor.")
        )
    return actor


def require_person(actor: Who) -> User:
    """The person recording: a record that names who made it is made by a person."""
    if not isinstance(actor, User) or not is_person(actor):
        raise PermissionDenied(
            _("This record names the person who made it: a signed-in person records it.")
        )
    return actor


def require_read_casework(actor: Who) -> None:
    if not may_read_casework(actor):
        raise PermissionDenied(_("Casework pages are for practitioners and team leaders."))


def require_work_cases_in(actor: Who, community_id: int) -> None:
    if not may_work_cases_in(actor, community_id):
        raise PermissionDenied(_("You do not work on cases in this community."))


def require_leads_any_team(actor: Who) -> None:
    if not leads_any_team(actor):
        raise PermissionDenied(_("The team caseload is for team leaders."))


def require_decide_closure(actor: Who, case: Case) -> None:
    if not may_decide_closure(actor, case):
        raise PermissionDenied(_("Only a team leader in this community decides closures."))


def require_decide_task(actor: Who, task: CaseTask) -> None:
    if not may_decide_task(actor, task):
        raise PermissionDenied(_("Only a team leader in this community decides this task."))


def require_reassign_case(actor: Who, case: Case) -> None:
    if not may_reassign_case(actor, case):
        raise PermissionDenied(
            _("Only a team leader in this community, or the case's practitioner, reassigns it.")
        )


def require_reassign_caseload_in(actor: Who, community_id: int) -> None:
    if not may_reassign_caseload_in(actor, community_id):
        raise PermissionDenied(_("Only a team leader in this community moves a caseload."))


# --- records in and out (docs/decisions/0014) --------------------------------------------


def may_import_records(actor: Who) -> bool:
    """Bring a community's records in from a legacy system: an administrator (who onboards
    communities), or the product itself running the import command for an operator."""
    if actor is None or isinstance(actor, AnonymousUser):
        return False
    return is_system(actor) or is_administrator(actor)


def require_import_records(actor: Who) -> None:
    if not may_import_records(actor):
        raise PermissionDenied(_("Only an administrator imports records."))


def may_export_team_caseload(actor: Who) -> bool:
    """Take the team's caseload away as a file: a team leader, for the teams they lead."""
    return leads_any_team(actor)


def may_export_case_contacts(actor: Who, case: Case) -> bool:
    """Take a case's contacts away as a file: a team leader of the case's community."""
    return leads_team_in(actor, case.community_id)


def require_export_team_caseload(actor: Who) -> None:
    if not may_export_team_caseload(actor):
        raise PermissionDenied(_("Team leaders export their team's caseload."))


def require_export_case_contacts(actor: Who, case: Case) -> None:
    if not may_export_case_contacts(actor, case):
        raise PermissionDenied(_("A team leader in this community exports a case's contacts."))


# --- contact cadence and missed contacts ---------------------------------------------------


def may_read_partnership_cadence(actor: Who, community_id: int) -> bool:
    """See a Partnership's contact cadences: anyone who works in the community."""
    return isinstance(actor, User) and is_person(actor) and works_in(actor, community_id)


def may_set_partnership_cadence(actor: Who, community_id: int) -> bool:
    """Set a Partnership's stricter cadence: its team leaders (who supervise the casework)
    and coordinators (who run the Partnership), or the product itself (the demo)."""
    if actor is None:
        return False
    if is_system(actor):
        return True
    return isinstance(actor, User) and (
        leads_team_in(actor, community_id)
        or works_in(actor, community_id, roles={Role.COORDINATOR})
    )


def may_set_case_cadence(actor: Who, case: Case) -> bool:
    """Set one case's own cadence: a team leader of its community (or the product itself)."""
    if actor is None:
        return False
    return is_system(actor) or leads_team_in(actor, case.community_id)


def may_acknowledge_missed_contact(actor: Who, case: Case) -> bool:
    """Acknowledge the reason for a missed contact: a team leader of the case's community."""
    return leads_team_in(actor, case.community_id)


def require_set_partnership_cadence(actor: Who, community_id: int) -> None:
    if not may_set_partnership_cadence(actor, community_id):
        raise PermissionDenied(
            _("Only the Partnership's team leaders and coordinators set its contact cadence.")
        )


def require_set_case_cadence(actor: Who, case: Case) -> None:
    if not may_set_case_cadence(actor, case):
        raise PermissionDenied(_("Only a team leader in this community sets a case's cadence."))


def require_acknowledge_missed_contact(actor: Who, case: Case) -> None:
    if not may_acknowledge_missed_contact(actor, case):
        raise PermissionDenied(_("Only a team leader in this community acknowledges a reason."))
