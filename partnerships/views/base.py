"""What the partnership pages share: the governance context and the one edit guard."""

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_http_methods

from ..models import Community, Partnership
from ..permissions import may_edit_governance, require_governance_editor

GET_POST = require_http_methods(["GET", "POST"])


def governance_context(request: HttpRequest, partnership: Partnership, **extra: Any) -> dict:
    return {
        "community": partnership.community,
        "partnership": partnership,
        "can_edit": may_edit_governance(request.user, partnership.community),
        **extra,
    }


def guard_edit(request: HttpRequest, community: Community, *, always: bool = False) -> None:
    """Changing governance is ``may_edit_governance``'s: anyone else gets 403.

    Pages that only edit (``always``) refuse the GET too; pages that also show the record
    refuse the POST. Another community's page never gets here: its selector answers 404.
    """
    if always or request.method == "POST":
        require_governance_editor(request.user, community)
