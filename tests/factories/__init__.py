"""factory_boy factories shared by every app's tests."""

from .casework import CaseFactory, ChildFactory, ContactFactory, FamilyFactory
from .partnerships import (
    CommunityFactory,
    GovernanceTierFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InvestmentFactory,
    LocalPriorityFactory,
    OrganisationFactory,
    PartnershipFactory,
    PartnershipMemberFactory,
    PartnershipWorkerFactory,
    PriorityActionFactory,
    RegionFactory,
    TierMemberFactory,
    UserFactory,
    grant,
)

__all__ = [
    "CaseFactory",
    "ChildFactory",
    "ContactFactory",
    "FamilyFactory",
    "CommunityFactory",
    "GovernanceTierFactory",
    "IndicatorFactory",
    "IndicatorValueFactory",
    "InvestmentFactory",
    "LocalPriorityFactory",
    "OrganisationFactory",
    "PartnershipFactory",
    "PartnershipMemberFactory",
    "PartnershipWorkerFactory",
    "PriorityActionFactory",
    "RegionFactory",
    "TierMemberFactory",
    "UserFactory",
    "grant",
]
