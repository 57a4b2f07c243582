"""Writes to partnership and access data. Every entry point (pages, API, commands) calls these.

One module per concern; import from here. Every service takes ``actor`` (a person or
``core.actors.system_actor(...)``), checks a ``partnerships.permissions`` predicate
first and refuses ``None``.
"""

from ..models import COMMUNITY_ROLES
from ..permissions import ALL_COMMUNITY_PERMISSIONS, ROLE_PERMISSIONS
from .access import (
    community_permissions_sync,
    membership_change,
    membership_end,
    membership_grant,
    memberships_sync_expired,
)
from .governance import (
    action_create,
    action_update,
    investment_record,
    partnership_set_case_records,
    priority_create,
    tier_create,
    tier_member_add,
    tier_member_end,
    worker_add,
)
from .governance_edits import (
    indicator_retire,
    indicator_update,
    investment_retire,
    investment_update,
    priority_retire,
    priority_update,
    worker_end,
    worker_update,
)
from .indicators import (
    IMPORT_COLUMNS,
    ImportReport,
    indicator_compute,
    indicator_create,
    indicator_value_record,
    indicator_values_import,
)
from .members import partnership_member_add, partnership_member_end
from .onboarding import (
    OnboardedStaff,
    OnboardingResult,
    community_duplicate_of,
    community_onboard,
)
from .people import password_set_path, user_create, user_deactivate, user_reactivate
from .status import STATUS_MOVES, partnership_status_change, status_moves_from

__all__ = [
    "indicator_retire",
    "indicator_update",
    "investment_retire",
    "investment_update",
    "priority_retire",
    "priority_update",
    "worker_end",
    "worker_update",
    "ALL_COMMUNITY_PERMISSIONS",
    "COMMUNITY_ROLES",
    "IMPORT_COLUMNS",
    "ROLE_PERMISSIONS",
    "STATUS_MOVES",
    "ImportReport",
    "OnboardedStaff",
    "OnboardingResult",
    "action_create",
    "action_update",
    "community_duplicate_of",
    "community_onboard",
    "community_permissions_sync",
    "indicator_compute",
    "indicator_create",
    "indicator_value_record",
    "indicator_values_import",
    "investment_record",
    "membership_change",
    "membership_end",
    "membership_grant",
    "memberships_sync_expired",
    "partnership_member_add",
    "partnership_member_end",
    "partnership_set_case_records",
    "partnership_status_change",
    "password_set_path",
    "priority_create",
    "status_moves_from",
    "tier_create",
    "tier_member_add",
    "tier_member_end",
    "user_create",
    "user_deactivate",
    "user_reactivate",
    "worker_add",
]
