"""Contact cadence (a Partnership's and one case's) and reasons for a missed contact.

Each page fetches its record through the selectors (404 outside the actor's communities),
declares the predicate a write needs (403), and calls the same service as the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.forms import form_page, posted

from .. import cadence_forms, permissions, selectors
from .. import selectors_cadence as cadence
from ..cadence import case_cadence_of
from ..services import cadence as cadence_services
from ..services import missed_contacts
from .common import FORM_METHODS, child_url


def _history_rows(changes) -> list[dict[str, Any]]:
    """Each change to a cadence in words: what it was for, before and after."""
    rows = []
    for change in changes:
        before = change.previous_values.get(
            "cadence_days", change.previous_values.get("own_cadence_days")
        )
        after = change.new_values.get("cadence_days", change.new_values.get("own_cadence_days"))
        if change.record_type == "casework.case":
            what = _("This case's own cadence")
        else:
            level = change.new_values.get("risk_level") or ""
            what = _("Partnership cadence, %(level)s") % {
                "level": _("%(level)s risk") % {"level": level.replace("_", " ")}
                if level
                else _("any risk level")
            }
        rows.append(
            {
                "change": change,
                "what": what,
                "before": _every(before),
                "after": _every(after),
            }
        )
    return rows


def _every(days: int | None) -> str:
    if not days:
        return _("None")
    return ngettext("Every %(days)s day", "Every %(days)s days", days) % {"days": days}


@login_required
@FORM_METHODS
def case_cadence(request: HttpRequest, case_id: int) -> HttpResponse:
    """The cadence in force for a case, who set it and its history; a team leader's form."""
    case = selectors.case_get(actor=request.user, case_id=case_id)
    may_set = permissions.may_set_case_cadence(request.user, case)
    if request.method == "POST":
        permissions.require_set_case_cadence(request.user, case)
    own = case_cadence_of(case)
    form = cadence_forms.CaseCadenceForm(
        *posted(request), initial={"cadence_days": own.cadence_days if own else None}
    )
    return form_page(
        request,
        form=form,
        template="casework/case_cadence.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Contact cadence"),
            "in_force": cadence.case_cadence_shown(case),
            "history": _history_rows(cadence.case_cadence_history(case)),
            "may_set": may_set,
        },
        save=lambda data: cadence_services.case_cadence_set(actor=request.user, case=case, **data),
        success=_("Cadence saved: the case's due dates follow it now."),
        next_url=reverse("casework:case_cadence", args=[case.pk]),
    )


@login_required
@FORM_METHODS
def partnership_cadence(request: HttpRequest, community_id: int) -> HttpResponse:
    """The Partnership's cadences by kind and risk, their history, and the form to set one."""
    community = cadence.partnership_community_get(actor=request.user, community_id=community_id)
    may_set = permissions.may_set_partnership_cadence(request.user, community.pk)
    if request.method == "POST":
        permissions.require_set_partnership_cadence(request.user, community.pk)
    form = cadence_forms.CadenceRuleForm(*posted(request))
    return form_page(
        request,
        form=form,
        template="casework/partnership_cadence.html",
        context={
            "community": community,
            "title": _("Contact cadence in %(community)s") % {"community": community.name},
            "rules": cadence.cadence_rules_of(community),
            "history": _history_rows(cadence.partnership_cadence_history(community)),
            "may_set": may_set,
        },
        save=lambda data: cadence_services.cadence_rule_set(
            actor=request.user, community=community, **data
        ),
        success=_("Cadence saved: the due dates of the cases it covers follow it now."),
        next_url=reverse("casework:partnership_cadence", args=[community.pk]),
    )


@login_required
@require_POST
def cadence_rule_remove(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = cadence.cadence_rule_get(actor=request.user, rule_id=rule_id)
    permissions.require_set_partnership_cadence(request.user, rule.community_id)
    community_id = rule.community_id
    cadence_services.cadence_rule_remove(
        actor=request.user, rule=rule, reason=request.POST.get("reason", "")
    )
    return redirect("casework:partnership_cadence", community_id)


@login_required
@FORM_METHODS
def missed_contact_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = cadence_forms.MissedContactForm(*posted(request))
    return form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Why is the face-to-face contact late?"),
            "intro": _(
                "The contact stays overdue under the policy minimum; the reason is shown "
                "with it once a team leader acknowledges it."
            ),
            "submit": _("Record the reason"),
        },
        save=lambda data: missed_contacts.missed_contact_record(
            actor=request.user, case=case, **data
        ),
        success=_("Reason recorded: a team leader will acknowledge it."),
        next_url=child_url(case),
    )


@login_required
@FORM_METHODS
def missed_contact_acknowledge(request: HttpRequest, missed_id: int) -> HttpResponse:
    missed = cadence.missed_contact_get(actor=request.user, missed_id=missed_id)
    case = missed.case
    if not permissions.may_acknowledge_missed_contact(request.user, case):
        raise PermissionDenied(_("Only a team leader in this community acknowledges a reason."))
    form = cadence_forms.AcknowledgeForm(*posted(request))
    recorder = missed.recorded_by.display_name or missed.recorded_by.username
    words = missed.get_reason_display() + (f": {missed.details}" if missed.details else "")
    return form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Acknowledge the reason for a late contact"),
            "intro": words
            + "\n\n"
            + _("Recorded by %(recorder)s. The case stays overdue until the child is seen.")
            % {"recorder": recorder},
            "submit": _("Acknowledge"),
        },
        save=lambda _data: missed_contacts.missed_contact_acknowledge(
            actor=request.user, missed=missed
        ),
        success=_("Reason acknowledged. The contact is still overdue until the child is seen."),
        next_url=child_url(case),
    )
