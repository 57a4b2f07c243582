"""The partnerships app's models, one module per concern; import them from here."""

from .access import (
    CASEWORK_ROLES,
    COMMUNITY_ROLES,
    OVERSIGHT_ROLES,
    Membership,
    MembershipQuerySet,
    Role,
)
from .communities import (
    Community,
    CommunityGroupObjectPermission,
    CommunityUserObjectPermission,
    Organisation,
    Partnership,
    PartnershipMember,
    Region,
)
from .governance import (
    GovernanceTier,
    Indicator,
    IndicatorValue,
    Investment,
    LocalPriority,
    PartnershipWorker,
    PriorityAction,
    PriorityArea,
    TierMember,
    financial_year_label,
    financial_year_of,
)

__all__ = [
    "CASEWORK_ROLES",
    "COMMUNITY_ROLES",
    "OVERSIGHT_ROLES",
    "Community",
    "CommunityGroupObjectPermission",
    "CommunityUserObjectPermission",
    "GovernanceTier",
    "Indicator",
    "IndicatorValue",
    "Investment",
    "LocalPriority",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "Partnership",
    "PartnershipMember",
    "PartnershipWorker",
    "PriorityAction",
    "PriorityArea",
    "Region",
    "Role",
    "TierMember",
    "financial_year_label",
    "financial_year_of",
]
