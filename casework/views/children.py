"""The child's page, its cases' contact history, adding a child and opening a case."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.forms import form_page, posted
from partnerships.models import Role

from .. import forms, fragments, permissions, selectors, services
from .. import selectors_families as families
from .. import selectors_grants as grants
from ..models import Child, Referral
from .common import FORM_METHODS, child_url, requires
from .search import register_child


@login_required
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_detail(actor=request.user, child_id=child_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.READ,
        obj=child,
        child_id=child.pk,
        community_id=child.community_id,
        request=request,
    )
    today = timezone.localdate()
    read_grant = getattr(child, "read_grant", None)
    cases = selectors.child_page_cases(child, today)
    # A grant's child is of another community: its contacts are read inside the grant.
    with grants.fence_opened_for(read_grant):
        fragments.attach_contact_sections(cases, read_only=read_grant is not None)
    return render(
        request,
        "casework/child_detail.html",
        {
            "child": child,
            "cases": cases,
            "today": today,
            "team_leader_here": permissions.leads_team_in(request.user, child.community_id),
            "ifps_locations": Referral.IfpsLocation.choices,
            "families": families.families_of_child(child),
            # Read through a grant (after a transfer, emergency access): read-only.
            "read_grant": read_grant,
        },
    )


@login_required
def case_contacts(request: HttpRequest, case_id: int) -> HttpResponse:
    """Every contact of a case, newest first, a page at a time."""
    case, contacts = selectors.case_contact_history(actor=request.user, case_id=case_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.READ,
        obj=case.child,
        child_id=case.child_id,
        community_id=case.community_id,
        request=request,
    )
    page = Paginator(contacts, selectors.CONTACT_HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "casework/case_contacts.html",
        {
            "case": case,
            "child": case.child,
            "page": page,
            "can_export": permissions.may_export_case_contacts(request.user, case),
            "read_grant": getattr(case, "read_grant", None),
        },
    )


@requires(permissions.require_read_casework)
@FORM_METHODS
def child_create(request: HttpRequest) -> HttpResponse:
    communities = list(selectors.casework_communities(actor=request.user))
    form = forms.ChildForm(*posted(request), communities=communities)
    context: dict[str, Any] = {"title": _("Add a child")}

    def save(data: dict[str, Any]) -> Child:
        community = next(c for c in communities if c.pk == data.pop("community"))
        # Before anything is saved: children like this one, to confirm against.
        return register_child(request.user, community, data, context)

    return form_page(
        request,
        form=form,
        template="casework/child_create.html",
        context=context,
        save=save,
        success=_("Child added. Now open their case."),
        next_url=lambda child: reverse("casework:case_open", args=[child.pk]),
    )


@login_required
@FORM_METHODS
def case_open(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(actor=request.user, child_id=child_id)
    today = timezone.localdate()
    form = forms.CaseOpenForm(
        *posted(request),
        staff=selectors.community_staff(
            community_id=child.community_id, roles=[Role.PRACTITIONER, Role.TEAM_LEADER]
        ),
        leaders=selectors.community_staff(
            community_id=child.community_id, roles=[Role.TEAM_LEADER]
        ),
        initial={"practitioner": request.user.pk, "opened_on": today, "assessed_on": today},
    )
    return form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "child": child,
            "case": None,
            "title": _("Open a case for %(display_name)s") % {"display_name": child.display_name},
            "submit": _("Open the case"),
        },
        save=lambda data: services.case_open(actor=request.user, child=child, **data),
        success=_("Case opened."),
        next_url=child_url(child),
    )
