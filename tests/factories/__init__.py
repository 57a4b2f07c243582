"""factory_boy factories shared by every app's tests."""

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
    "CommunityFactory",
    "OrganisationFactory",
    "PartnershipFactory",
    "PartnershipMemberFactory",
    "RegionFactory",
    "UserFactory",
    "grant",
]
