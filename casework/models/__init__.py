"""Children, families and their cases: the records practitioners and team leaders keep.

Every model here holds a community's data: it has a ``community`` (set by the services
from the parent record, never from input) and the fenced manager. Rules live in
``casework.rules`` (pure functions) and ``casework.services`` (writes).
"""

from .cadence import CadenceRule, CaseCadence, MissedContactReason
from .cases import Case, CaseQuerySet, CaseTask, RiskAssessment, RiskLevel, SafetyThreat
from .children import Child, Family, FamilyMember
from .history import RecordChange
from .records import (
    CarePlan,
    CarePlanAction,
    Contact,
    ContactAmendment,
    ContactKind,
    Referral,
    ReturnVisit,
)
from .transfers import (
    ChildGroupObjectPermission,
    ChildReadGrant,
    ChildTransfer,
    ChildUserObjectPermission,
)

__all__ = [
    "CadenceRule",
    "CarePlan",
    "CarePlanAction",
    "Case",
    "CaseCadence",
    "CaseQuerySet",
    "CaseTask",
    "Child",
    "ChildGroupObjectPermission",
    "ChildReadGrant",
    "ChildTransfer",
    "ChildUserObjectPermission",
    "Contact",
    "ContactAmendment",
    "ContactKind",
    "Family",
    "FamilyMember",
    "MissedContactReason",
    "RecordChange",
    "Referral",
    "ReturnVisit",
    "RiskAssessment",
    "RiskLevel",
    "SafetyThreat",
]
