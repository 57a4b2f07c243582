"""The casework rules as pure functions: one place, tested at their edges.

Sources: document 002 (children in care: face-to-face contact at least every six weeks;
every return visit to the NT for a child interstate) and document 001 (Strengthening
Families opening and closure conditions). Dates are local dates in Australia/Darwin.
"""

import datetime
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# "At a minimum ... face-to-face contact with each child ... once every six weeks."
SIX_WEEKS = datetime.timedelta(days=42)
# A contact due within this many days shows as due soon (a stricter cadence shortens it:
# ``due_soon_days``).
DUE_SOON = datetime.timedelta(days=7)

# --- Contact cadence ----------------------------------------------------------------------
# The policy minimum for a child in care: never loosened, only made stricter.
IN_CARE_CADENCE_DAYS = SIX_WEEKS.days
# A cadence set for a case kind without a policy minimum (Strengthening Families) is at
# most a quarter: a longer gap is not a contact cadence.
CADENCE_LONGEST_DAYS = 91


def due_soon_days(cadence_days: int | None) -> int:
    """How many days before the due day a contact shows as due soon.

    Seven days under the six-week rule; a third of a stricter cadence, so a weekly case
    is due soon two days ahead rather than from the day it was seen.
    """
    if cadence_days is None:
        return DUE_SOON.days
    return min(DUE_SOON.days, max(1, cadence_days // 3))


# Every cadence whose due-soon window is shorter than seven days, by its window.
SHORT_DUE_SOON_WINDOWS: dict[int, list[int]] = {}
for _days in range(1, 3 * DUE_SOON.days):
    if due_soon_days(_days) < DUE_SOON.days:
        SHORT_DUE_SOON_WINDOWS.setdefault(due_soon_days(_days), []).append(_days)


def cadence_refusal(
    *, kind: str, cadence_days: int, otherwise_in_force: int | None = None
) -> str | None:
    """Why a cadence may not be set, or None when it may.

    A cadence is a number of days between face-to-face contacts. For a child in care it
    may be stricter than six weeks, never looser; a cadence for one case may not be looser
    than the one otherwise in force for it (the policy's or the Partnership's).
    """
    if cadence_days < 1:
        return "A cadence is at least one day."
    if kind == "in_care" and cadence_days > IN_CARE_CADENCE_DAYS:
        return (
            "Children in care are seen face to face at least every six weeks (42 days): "
            "that minimum is policy and cannot be loosened."
        )
    if cadence_days > CADENCE_LONGEST_DAYS:
        return f"A cadence is at most {CADENCE_LONGEST_DAYS} days."
    if otherwise_in_force is not None and cadence_days > otherwise_in_force:
        return (
            f"The cadence in force for this case is every {otherwise_in_force} days: "
            "a case's own cadence may be stricter, not looser."
        )
    return None


def strictest_cadence(
    *, kind: str, partnership_days: int | None, case_days: int | None
) -> tuple[int | None, str]:
    """(days, source) of the cadence in force: the strictest of the policy minimum (in
    care), the Partnership's for the case's kind and risk, and the case's own. ``source``
    is "policy", "partnership", "case" or "" when none applies."""
    candidates = []
    if kind == "in_care":
        candidates.append((IN_CARE_CADENCE_DAYS, "policy"))
    if partnership_days is not None:
        candidates.append((partnership_days, "partnership"))
    if case_days is not None:
        candidates.append((case_days, "case"))
    if not candidates:
        return None, ""
    # On a tie the more specific setting is named: the case's, then the Partnership's.
    rank = {"case": 0, "partnership": 1, "policy": 2}
    return min(candidates, key=lambda c: (c[0], rank[c[1]]))


# Phone and video contacts do not meet the six-week rule.
FACE_TO_FACE_KINDS = frozenset({"f2f_practitioner", "f2f_third_party"})

INTERSTATE_RESIDENCES = frozenset({"interstate", "boarding_school_interstate"})


class ContactStatus(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("Due soon")
    ON_TRACK = "on_track", _("On track")


# The short form a caseload row shows for each status.
CONTACT_STATUS_TAGS: dict[str, str] = {
    ContactStatus.OVERDUE: "Overdue",
    ContactStatus.DUE_SOON: "Due soon",
    ContactStatus.ON_TRACK: "On track",
}


def lives_interstate(residence: str) -> bool:
    return residence in INTERSTATE_RESIDENCES


def next_contact_due_in_nt(
    *,
    last_face_to_face_on: datetime.date | None,
    opened_on: datetime.date,
    in_nt_since: datetime.date | None = None,
    cadence_days: int = IN_CARE_CADENCE_DAYS,
) -> datetime.date:
    """Due ``cadence_days`` (42 unless stricter) after the last face-to-face contact, or
    after opening when there is none.

    A child back in the NT after living interstate (``in_nt_since``, the day they came
    back) is due 42 days after their return unless seen since: the return-visit rule held
    until that day, and the six weeks start again from it.
    """
    start = last_face_to_face_on or opened_on
    if in_nt_since is not None and in_nt_since > start:
        start = in_nt_since
    return start + datetime.timedelta(days=cadence_days)


def contact_counts_for_visit(
    *,
    contact_on: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    linked: bool,
) -> bool:
    """A face-to-face contact counts for a return visit when it is linked to it, or when it
    happened (Darwin day) on any day of the visit, first and last days included, whether or
    not the practitioner linked it. ``contact_due.return_visits_with_seen`` asks the same
    question of the database."""
    return linked or starts_on <= contact_on <= ends_on


def next_contact_due_interstate(
    visits: list[tuple[datetime.date, datetime.date, bool]],
) -> datetime.date | None:
    """For a child interstate: the end of the earliest return visit without a face-to-face contact.

    ``visits`` holds (starts_on, ends_on, had_face_to_face), face to face as
    ``contact_counts_for_visit`` judges it. A visit that ended without one
    leaves its end date in the past, so the case shows as overdue until it is put right.
    With no such visit nothing is due.
    """
    pending = [ends_on for _starts, ends_on, seen in visits if not seen]
    return min(pending) if pending else None


def residence_switches_rule(before: str, after: str) -> bool:
    """Moving interstate (or to boarding school interstate), or back to the NT: the
    six-week rule changes form from the day of the move."""
    return lives_interstate(before) != lives_interstate(after)


def contact_status(
    due_on: datetime.date | None, today: datetime.date, cadence_days: int | None = None
) -> str:
    """Overdue after the due day; due soon from 7 days before it (fewer under a stricter
    cadence: ``due_soon_days``) up to the due day itself."""
    if due_on is None:
        return ContactStatus.ON_TRACK
    if today > due_on:
        return ContactStatus.OVERDUE
    if (due_on - today).days <= due_soon_days(cadence_days):
        return ContactStatus.DUE_SOON
    return ContactStatus.ON_TRACK


def reassessment_overdue(due_on: datetime.date | None, today: datetime.date) -> bool:
    return due_on is not None and today > due_on


# --- Strengthening Families (document 001) ------------------------------------------------

# Lowest to highest: the one statement of the risk order (models.RiskLevel holds the labels).
RISK_LEVELS = ("low", "moderate", "high", "very_high")
# Most urgent first when sorting by risk: very high 0, high 1, moderate 2, low 3.
RISK_ORDER = {level: rank for rank, level in enumerate(reversed(RISK_LEVELS))}
# "High to very high risk ... and the child can safely remain in the home": the judgement
# that the child can stay home safely must be written down at these levels.
RISK_NEEDS_SAFE_AT_HOME_JUDGEMENT = frozenset({"high", "very_high"})
# "Closed with no further action only when the level of risk ... is either moderate or low."
RISK_ALLOWS_CLOSURE = frozenset({"low", "moderate"})


def sf_opening_unmet_conditions(
    *,
    risk_level: str | None,
    parents_agreed_on: datetime.date | None,
    safe_at_home_judgement: str,
) -> list[str]:
    """What stops a Strengthening Families case from opening, one message per condition."""
    unmet = []
    if risk_level not in RISK_LEVELS:
        unmet.append(_("Record the risk assessment that this case follows (its risk level)."))
    if parents_agreed_on is None:
        unmet.append(_("Record the date the parents agreed to work with the department."))
    if risk_level in RISK_NEEDS_SAFE_AT_HOME_JUDGEMENT and not safe_at_home_judgement.strip():
        unmet.append(
            _("At high or very high risk, record why the child can safely remain at home.")
        )
    return unmet


def sf_details_unmet(
    *,
    risk_level: str | None,
    parents_agreed_on: datetime.date | None,
    safe_at_home_judgement: str,
) -> dict[str, str]:
    """What an open Strengthening Families case must keep, by field: the parents'
    agreement, and at high or very high risk why the child can safely remain at home
    (the opening conditions, which hold for as long as the case is open)."""
    unmet: dict[str, str] = {}
    if parents_agreed_on is None:
        unmet["parents_agreed_on"] = (
            "An open Strengthening Families case needs the parents' agreement: record that "
            "they withdrew it instead of removing it."
        )
    if risk_level in RISK_NEEDS_SAFE_AT_HOME_JUDGEMENT and not safe_at_home_judgement.strip():
        unmet["safe_at_home_judgement"] = (
            "At high or very high risk, record why the child can safely remain at home."
        )
    return unmet


def closure_unmet_conditions(
    *,
    latest_risk_level: str | None,
    unresolved_safety_threats: int,
    parents_capacity_note: str,
) -> list[str]:
    """What stops closure with no further action, naming each unmet condition."""
    unmet = []
    if latest_risk_level is None:
        unmet.append(_("No risk assessment is recorded: the latest risk must be moderate or low."))
    elif latest_risk_level not in RISK_ALLOWS_CLOSURE:
        label = latest_risk_level.replace("_", " ")
        unmet.append(
            _("The latest risk is %(label)s: it must be moderate or low.") % {"label": label}
        )
    if unresolved_safety_threats:
        unmet.append(
            ngettext(
                "%(count)s safety threat is not resolved on the latest risk assessment.",
                "%(count)s safety threats are not resolved on the latest risk assessment.",
                unresolved_safety_threats,
            )
            % {"count": unresolved_safety_threats}
        )
    if not parents_capacity_note.strip():
        unmet.append(
            _(
                "Record how the parents can keep meeting the child's protective needs once "
                "casework ends."
            )
        )
    return unmet


def withdrawal_needs_further_action(risk_level: str | None) -> bool:
    """A parent withdrawing agreement while risk is above low: someone must consider action.

    An unknown risk level counts as at risk: the safe reading when nothing is recorded.
    """
    return risk_level != "low"


def imminent_removal_prompts_ifps(imminent_risk_of_removal: bool) -> bool:
    """Imminent risk of removal prompts (never forces) an IFPS referral."""
    return bool(imminent_risk_of_removal)


IFPS = "ifps"
# A referral in one of these states no longer connects the family with the service.
REFERRAL_ENDED_STATUSES = frozenset({"declined", "withdrawn"})


def referral_is_live(status: str) -> bool:
    return status not in REFERRAL_ENDED_STATUSES


def ifps_prompt_shown(
    *, imminent_risk_of_removal: bool, referrals: Iterable[tuple[str, str]]
) -> bool:
    """Prompt an IFPS referral at imminent risk of removal until one is proposed or under way.

    ``referrals`` holds the case's (service, status) pairs; a declined or withdrawn IFPS
    referral prompts again.
    """
    return imminent_removal_prompts_ifps(imminent_risk_of_removal) and not any(
        service == IFPS and referral_is_live(status) for service, status in referrals
    )
