"""Finding a child: the search results and the children list.

Both list identified children, so each request records one audit event naming the
children it showed (ids only, never the words typed: a search can hold a name).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from audit.services import audit_record

from .. import permissions, search, selectors, services
from ..models import Case, Child
from .common import requires


def audit_children_shown(request: HttpRequest, children: Sequence[Child], *, what: str) -> None:
    """One audit event for a list of identified children (none when the list is empty)."""
    if not children:
        return
    communities = {child.community_id for child in children}
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.READ,
        object_type="casework.child",
        community_id=next(iter(communities)) if len(communities) == 1 else None,
        detail={"what": what, "child_ids": [child.pk for child in children]},
        request=request,
    )


def register_child(actor: Any, community: Any, data: dict[str, Any], context: dict[str, Any]):
    """Add the child unless children like them are already recorded and the person has not
    confirmed it is a different child; the page then lists those children
    (``context["duplicates"]``) and asks for the box to be ticked."""
    try:
        return services.child_register(actor=actor, community=community, **data)
    except services.LikelyDuplicates as refused:
        context["duplicates"] = _rows(refused.children)
        raise ValidationError(
            {
                "not_a_duplicate": [
                    _(
                        "A child like this one is already recorded (listed above). Open their "
                        "record, or tick this box if this is a different child."
                    )
                ]
            }
        ) from refused


def _rows(children: list[Child]) -> list[tuple[Child, list[str]]]:
    """Each child with the kinds of their open cases, as the tables show them."""
    kinds = search.open_case_kinds(children)
    return [(child, kinds[child.pk]) for child in children]


@requires(permissions.require_read_casework)
def child_search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    page = Paginator(
        search.children_search(actor=request.user, text=text), search.SEARCH_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    children = list(page.object_list)
    audit_children_shown(request, children, what="child_search")
    return render(
        request,
        "casework/search_results.html",
        {
            "q": text,
            "page": page,
            "children": children,
            "rows": _rows(children),
            "query": urlencode({"q": text}) if text else "",
            "asked": search.parse_query(text),
        },
    )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


OPEN_CASE_CHOICES = [
    *Case.Kind.choices,
    (search.NO_OPEN_CASE, _("No open case")),
]


@requires(permissions.require_read_casework)
def child_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    communities = list(selectors.casework_communities(actor=request.user))
    current = {
        "community": _int_or_none(params.get("community")),
        "residence": params.get("residence", "")
        if params.get("residence") in Child.Residence.values
        else "",
        "open_case": params.get("open_case", "")
        if params.get("open_case") in dict(OPEN_CASE_CHOICES)
        else "",
    }
    page = Paginator(
        search.children_list(
            actor=request.user,
            community_id=current["community"],
            residence=current["residence"],
            open_case=current["open_case"],
        ),
        search.CHILDREN_PAGE_SIZE,
    ).get_page(params.get("page"))
    children = list(page.object_list)
    audit_children_shown(request, children, what="child_list")
    filters = params.copy()
    filters.pop("page", None)
    return render(
        request,
        "casework/child_list.html",
        {
            "page": page,
            "children": children,
            "rows": _rows(children),
            "communities": communities,
            "residences": Child.Residence.choices,
            "open_case_choices": OPEN_CASE_CHOICES,
            "current": current,
            "filters": filters.urlencode(),
        },
    )
