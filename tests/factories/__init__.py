"""factory_boy factories shared by every app's tests."""

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
