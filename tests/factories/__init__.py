"""factory_boy factories shared by every app's tests."""

from .casework import CaseFactory, ChildFactory, ContactFactory, FamilyFactory
from .escalations import EscalationFactory, LeadersMeetingFactory, ThemeFactory
from .oversight import OversightGroupFactory, OversightMemberFactory
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
    "EscalationFactory",
    "LeadersMeetingFactory",
    "ThemeFactory",
    "OversightGroupFactory",
    "OversightMemberFactory",
    "CaseFactory",
    "ChildFactory",
    "ContactFactory",
    "FamilyFactory",
    "CommunityFactory",
    "OrganisationFactory",
    "PartnershipFactory",
    "PartnershipMemberFactory",
    "RegionFactory",
    "UserFactory",
    "grant",
]
