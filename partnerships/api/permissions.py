"""The API's permission classes: the same predicates as the pages (partnerships.permissions).

Reads need no class of their own: every queryset is the caller's communities only, so
another community's record is 404 before any permission is asked. Writes to a record
that the caller can see are ``may_edit_governance``'s (403 for anyone else). Creating a
record names its parent in the body; the service checks that parent's community.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..models import Community
from ..permissions import may_edit_governance


class MayEditGovernance(BasePermission):
    message = "Only the Partnership's coordinators change this."

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        community = obj if isinstance(obj, Community) else obj.community
        return may_edit_governance(request.user, community)
