"""Synthetic contact cadence and reasons for the demo (every person here is invented): a
Partnership's weekly cadence for very high risk family cases, a team leader's fortnightly
cadence for one child in care, and reasons for two late contacts, one acknowledged."""

from __future__ import annotations

from typing import Any

from .models import Case, MissedContactReason, RiskLevel
from .services.cadence import cadence_rule_set, case_cadence_set
from .services.missed_contacts import missed_contact_acknowledge, missed_contact_record


def seed_cadence(*, team: Any, overdue: list[Case], settled: Case) -> None:
    leader, practitioner = team.team_leader, team.practitioner
    cadence_rule_set(
        actor=leader,
        community=team.community,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        risk_level=RiskLevel.VERY_HIGH,
        cadence_days=7,
        reason="Very high risk with the child at home: seen every week (demo).",
    )
    case_cadence_set(
        actor=leader,
        case=settled,
        cadence_days=14,
        reason="New placement: fortnightly until the child settles (demo).",
    )
    unreachable, travelling = overdue
    acknowledged = missed_contact_record(
        actor=practitioner,
        case=unreachable,
        reason=MissedContactReason.Reason.COMMUNITY_UNREACHABLE,
        details="Road to the outstation closed by the wet season; the airstrip is under water.",
    )
    missed_contact_acknowledge(actor=leader, missed=acknowledged)
    missed_contact_record(
        actor=practitioner,
        case=travelling,
        reason=MissedContactReason.Reason.SORRY_BUSINESS,
        details="Family travelling for sorry business; expected back next week.",
    )
