"""factory_boy factories shared by every app's tests."""

from .casework import CaseFactory, ChildFactory, ContactFactory, FamilyFactory
from .notifications import NotificationFactory
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
    "NotificationFactory",
    "CommunityFactory",
    "OrganisationFactory",
    "PartnershipFactory",
    "PartnershipMemberFactory",
    "RegionFactory",
    "UserFactory",
    "grant",
]
