"""Looking after a record after its first entry: correcting a child, the case's details,
reassigning a caseload, and the history each keeps."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import audit_record
from core.forms import form_page, posted
from partnerships.models import Role

from .. import edit_forms, permissions, selectors, services
from .. import selectors_families as families
from .common import FORM_METHODS, child_url, requires

STAFF_ROLES = [Role.PRACTITIONER, Role.TEAM_LEADER]


@login_required
@FORM_METHODS
def child_update(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(actor=request.user, child_id=child_id)
    initial = {name: getattr(child, name) for name in services.CHILD_FIELDS}
    initial["residence_changed_on"] = None  # only given for a move
    form = edit_forms.ChildEditForm(*posted(request), initial=initial)
    return form_page(
        request,
        form=form,
        template="casework/record_form.html",
        context={
            "child": child,
            "title": _("Correct %(display_name)s's details") % {"display_name": child.display_name},
            "intro": _(
                "Moving interstate or to boarding school interstate switches the child to "
                "the return-visit rule from the day they moved; coming back restarts the six weeks."
            ),
            "submit": _("Save the correction"),
            "cancel_url": child_url(child),
        },
        save=lambda data: services.child_update(actor=request.user, child=child, **data),
        success=_("Details corrected; the earlier values are kept in the history."),
        next_url=child_url(child),
    )


@login_required
def child_history(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(actor=request.user, child_id=child_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.READ,
        obj=child,
        child_id=child.pk,
        community_id=child.community_id,
        request=request,
        detail={"page": "history"},
    )
    return render(
        request,
        "casework/history.html",
        {
            "child": child,
            "title": _("History of %(display_name)s's record")
            % {"display_name": child.display_name},
            "rows": families.child_history(child),
            "back_url": child_url(child),
        },
    )


@login_required
@FORM_METHODS
def case_update(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    initial = {name: getattr(case, name) for name in services.CASE_DETAIL_FIELDS}
    initial.update(
        practitioner=case.practitioner_id, team_leader=case.team_leader_id, family=case.family_id
    )
    form = edit_forms.CaseEditForm(
        *posted(request),
        case=case,
        staff=selectors.community_staff(community_id=case.community_id, roles=STAFF_ROLES),
        leaders=selectors.community_staff(community_id=case.community_id, roles=[Role.TEAM_LEADER]),
        families=families.families_in(case.community_id),
        initial=initial,
    )
    return form_page(
        request,
        form=form,
        template="casework/record_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Case details"),
            "intro": _(
                "Who works the case, youth justice, DFV and cultural details. Changing the "
                "practitioner keeps the case's six-week clock."
            ),
            "submit": _("Save the details"),
            "cancel_url": child_url(case),
            "participants": families.decision_participants(case),
        },
        save=lambda data: services.case_update(actor=request.user, case=case, **data),
        success=_("Case details saved; the earlier values are kept in the history."),
        next_url=child_url(case),
    )


@requires(permissions.require_leads_any_team)
@FORM_METHODS
def caseload_reassign(request: HttpRequest) -> HttpResponse:
    communities = list(
        selectors.casework_communities(actor=request.user).filter(
            pk__in=permissions.team_leader_ids(request.user)
        )
    )
    staff: list[tuple[int, str]] = []
    for community in communities:
        for pk, name in selectors.community_staff(community_id=community.pk, roles=STAFF_ROLES):
            label = f"{name} ({community.name})" if len(communities) > 1 else name
            if pk not in dict(staff):
                staff.append((pk, label))
    form = edit_forms.CaseloadReassignForm(*posted(request), communities=communities, staff=staff)

    def save(data: dict[str, Any]) -> int:
        if data["from_practitioner"] is None:
            raise ValidationError({"from_practitioner": [_("Choose the practitioner leaving.")]})
        moved = services.cases_reassign(actor=request.user, **data)
        return len(moved)

    return form_page(
        request,
        form=form,
        template="casework/record_form.html",
        context={
            "title": _("Move a practitioner's open cases"),
            "intro": _(
                "When someone leaves or goes on leave. Each case keeps its six-week clock; "
                "reminders go to the new practitioner from the next run."
            ),
            "submit": _("Move the cases"),
            "cancel_url": reverse("casework:team_caseload"),
        },
        save=save,
        success=_("Cases moved; each keeps its history."),
        next_url=reverse("casework:team_caseload"),
    )
