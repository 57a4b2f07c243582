"""Closure with no further action, the parents withdrawing agreement, and the team
leader's decisions (each declares its predicate after fetching the case or task)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import form_page, posted

from .. import forms, permissions, selectors, services
from .. import selectors_families as families
from .common import FORM_METHODS, child_url


@login_required
@FORM_METHODS
def closure_request(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = forms.ClosureRequestForm(
        *posted(request), initial={"parents_capacity_note": case.parents_capacity_note}
    )
    return form_page(
        request,
        form=form,
        template="casework/closure_request.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Request closure with no further action"),
            "participants": families.decision_participants(case),
            # The parents' capacity is written on this form: the page lists the rest.
            "unmet_now": selectors.closure_conditions_unmet(case, include_parents_capacity=False),
        },
        save=lambda data: services.case_request_closure(actor=request.user, case=case, **data),
        success=_("Closure requested: a team leader will approve it or send it back."),
        next_url=child_url(case),
    )


@login_required
@FORM_METHODS
def closure_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    permissions.require_decide_closure(request.user, case)
    form = forms.ClosureDecisionForm(*posted(request))
    approving = request.POST.get("decision") == "approve"
    unmet_now = selectors.closure_conditions_unmet(case) if case.closure_is_waiting else []

    def save(data: dict[str, Any]) -> None:
        if data["decision"] == "approve":
            if unmet_now:
                # The page showed them unmet and offered no approval: they never were met.
                raise ValidationError(["The conditions for closing are not met:", *unmet_now])
            services.case_approve_closure(actor=request.user, case=case)
        else:
            services.case_send_back_closure(actor=request.user, case=case, reason=data["reason"])

    return form_page(
        request,
        form=form,
        template="casework/closure_decide.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Approve or send back a closure"),
            "unmet_now": unmet_now,
            "participants": families.decision_participants(case),
        },
        save=save,
        success="Closure approved: the case is closed."
        if approving
        else "Closure sent back to the practitioner.",
        next_url=reverse("casework:team_caseload") + "?status=closure_waiting",
    )


@login_required
@FORM_METHODS
def agreement_withdraw(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = forms.WithdrawAgreementForm(
        *posted(request), initial={"withdrawn_on": timezone.localdate()}
    )

    def save(data: dict[str, Any]) -> None:
        task = services.parent_withdraw_agreement(actor=request.user, case=case, **data)
        if task is not None:
            messages.warning(
                request,
                _("The child remains at risk: a team leader must now consider further action."),
            )

    return form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Parents withdrew their agreement"),
            "intro": _(
                "While the risk is above low, this opens a task for the team leader to "
                "consider further action."
            ),
            "submit": _("Record the withdrawal"),
        },
        save=save,
        success=_("Withdrawal of agreement recorded."),
        next_url=child_url(case),
    )


@login_required
@FORM_METHODS
def task_decide(request: HttpRequest, task_id: int) -> HttpResponse:
    task = selectors.task_get(actor=request.user, task_id=task_id)
    permissions.require_decide_task(request.user, task)
    case = task.case
    form = forms.TaskDecideForm(*posted(request))
    return form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": task.get_kind_display(),
            "intro": task.reason,
            "submit": _("Record the decision"),
        },
        save=lambda data: services.case_task_decide(actor=request.user, task=task, **data),
        success=_("Decision recorded."),
        next_url=child_url(case),
    )
