"""API permission classes: the predicates of ``casework.permissions``, as DRF asks them.

One answer with the pages: a list or a create needs a casework role (403 without one);
one record is looked up among the caller's communities (404 outside them), then its own
community decides (403 to a role there that does no casework, or cannot decide).
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from ..permissions import may_decide_closure, may_read_casework, may_work_cases_in


class WorksOnCasework(BasePermission):
    message = "Casework is for practitioners and team leaders of the record's community."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        # One record answers 404 outside the caller's communities before any role is
        # weighed: the object check below decides inside them.
        return bool(getattr(view, "detail", False)) or may_read_casework(request.user)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return may_work_cases_in(request.user, obj.community_id)


class DecidesClosure(BasePermission):
    message = "Only a team leader in this community decides closures."

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return may_decide_closure(request.user, obj)
