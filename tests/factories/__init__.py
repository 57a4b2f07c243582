"""factory_boy factories shared by every app's tests."""

from .casework import (
    CaseFactory,
    CaseTaskFactory,
    ChildFactory,
    ContactFactory,
    FamilyFactory,
    ReferralFactory,
    ReturnVisitFactory,
    RiskAssessmentFactory,
    SafetyThreatFactory,
)
from .partnerships import (
    CommunityFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    RegionFactory,
    UserFactory,
    grant,
)

__all__ = [
    "CaseFactory",
    "ChildFactory",
    "ContactFactory",
    "FamilyFactory",
    "CaseTaskFactory",
    "ReferralFactory",
    "ReturnVisitFactory",
    "RiskAssessmentFactory",
    "SafetyThreatFactory",
    "CommunityFactory",
    "OrganisationFactory",
    "PartnershipFactory",
    "PartnershipMemberFactory",
    "RegionFactory",
    "UserFactory",
    "grant",
]
