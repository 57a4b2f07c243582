"""Writes to casework records: every entry point (pages, API, demo) goes through these.

Each service runs in one transaction inside its record's own community
(``base.in_community_of``), refuses to run without an actor, checks first that the actor
may do it (``casework.permissions``), sets ``community`` from the parent record, applies
the rules in ``casework.rules``, writes an audit event (ids only) and keeps the six-week
due date current through ``casework.contact_due``. Updates take only the fields given
(the others default to ``UNSET``).
"""

from .base import UNSET, Unset
from .cases import (
    CASE_DETAIL_FIELDS,
    CASE_STAFF_FIELDS,
    AssessmentInput,
    case_open,
    case_open_in_care,
    case_open_strengthening_families,
    case_update,
    cases_reassign,
    risk_assessment_record,
    safety_threat_resolve,
)
from .children import (
    CHILD_FIELDS,
    FAMILY_FIELDS,
    FAMILY_MEMBER_FIELDS,
    FamilyMemberInput,
    child_create,
    child_update,
    family_create,
    family_member_update,
    family_update,
)
from .closure import (
    case_approve_closure,
    case_request_closure,
    case_send_back_closure,
    case_task_decide,
    parent_withdraw_agreement,
)
from .contacts import CONTACT_FIELDS, THIRD_PARTY_FIELDS, contact_amend, contact_log
from .history import history_before, record_change
from .plans import (
    CARE_PLAN_FIELDS,
    CarePlanActionInput,
    care_plan_record,
    care_plan_update,
    return_visit_record,
)
from .referrals import referral_create, referral_update
from .registration import LikelyDuplicates, child_register

__all__ = [
    "CARE_PLAN_FIELDS",
    "CASE_DETAIL_FIELDS",
    "CASE_STAFF_FIELDS",
    "CHILD_FIELDS",
    "CONTACT_FIELDS",
    "FAMILY_FIELDS",
    "FAMILY_MEMBER_FIELDS",
    "THIRD_PARTY_FIELDS",
    "UNSET",
    "AssessmentInput",
    "CarePlanActionInput",
    "FamilyMemberInput",
    "LikelyDuplicates",
    "Unset",
    "care_plan_record",
    "care_plan_update",
    "case_approve_closure",
    "case_open",
    "case_open_in_care",
    "case_open_strengthening_families",
    "case_request_closure",
    "case_send_back_closure",
    "case_task_decide",
    "case_update",
    "cases_reassign",
    "child_create",
    "child_register",
    "child_update",
    "contact_amend",
    "contact_log",
    "family_create",
    "family_member_update",
    "family_update",
    "history_before",
    "parent_withdraw_agreement",
    "record_change",
    "referral_create",
    "referral_update",
    "return_visit_record",
    "risk_assessment_record",
    "safety_threat_resolve",
]
