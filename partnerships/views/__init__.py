"""The partnership pages, one module per area; ``partnerships.urls`` routes to them."""

from .administration import (
    PasswordSetView,
    admin_access,
    admin_home,
    admin_membership,
    admin_onboard,
    admin_territory_wide,
    admin_user,
    partnership_status,
)
from .communities import (
    case_records,
    community_detail,
    community_list,
    partnership_member_end,
    partnership_members,
    tier_member_end,
)
from .governance import (
    action_update,
    investment,
    priority_detail,
    priority_list,
    tier_create,
    tier_detail,
    workers,
)
from .indicators import dashboard, indicator_create, indicator_detail, indicator_import

__all__ = [
    "PasswordSetView",
    "action_update",
    "admin_access",
    "admin_home",
    "admin_membership",
    "admin_onboard",
    "admin_territory_wide",
    "admin_user",
    "case_records",
    "community_detail",
    "community_list",
    "dashboard",
    "indicator_create",
    "indicator_detail",
    "indicator_import",
    "investment",
    "partnership_member_end",
    "partnership_members",
    "partnership_status",
    "priority_detail",
    "priority_list",
    "tier_create",
    "tier_detail",
    "tier_member_end",
    "workers",
]
