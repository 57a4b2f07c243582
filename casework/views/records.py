"""The records of a case: contacts, risk assessments and safety threats, care plans,
return visits and referrals. Each page fetches its record through a selector (404 outside
the user's communities, 403 to a role there that does no casework)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import form_page, posted
from core.idempotency import posted_key

from .. import forms, rules, selectors, services
from .. import selectors_families as families
from ..models import ContactKind, Referral
from .common import FORM_METHODS, child_url

# --- contacts ----------------------------------------------------------------------------


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("based_on_version", "")
    return int(value) if value.isdigit() else None


@login_required
@FORM_METHODS
def contact_log(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = forms.ContactForm(
        *posted(request),
        case=case,
        return_visits=selectors.return_visits_of(case),
        initial={
            "occurred_at": forms.now_to_the_minute(),
            "kind": ContactKind.FACE_TO_FACE_PRACTITIONER,
        },
    )
    return form_page(
        request,
        form=form,
        template="casework/contact_form.html",
        context={"case": case, "child": case.child, "title": _("Log a contact")},
        save=lambda data: services.contact_log(
            actor=request.user, case=case, idempotency_key=posted_key(request), **data
        ),
        success=_("Contact logged."),
        replayed="Already logged — this contact was saved earlier.",
        next_url=child_url(case),
    )


@login_required
@FORM_METHODS
def contact_amend(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(actor=request.user, contact_id=contact_id)
    case = contact.case
    initial = {name: getattr(contact, name) for name in services.CONTACT_FIELDS}
    initial["occurred_at"] = timezone.localtime(contact.occurred_at).replace(second=0)
    initial["return_visit"] = contact.return_visit_id
    form = forms.ContactAmendForm(
        *posted(request), case=case, return_visits=selectors.return_visits_of(case), initial=initial
    )
    return form_page(
        request,
        form=form,
        template="casework/contact_form.html",
        context={
            "case": case,
            "child": case.child,
            "contact": contact,
            "title": _("Correct a contact"),
        },
        # A form without the return-visit field leaves the contact's visit as it is. The
        # version the form showed guards against overwriting a correction made meanwhile.
        save=lambda data: services.contact_amend(
            actor=request.user, contact=contact, based_on_version=_version(request), **data
        ),
        success=_("Contact corrected; the original is kept."),
        next_url=child_url(case),
    )


# --- risk --------------------------------------------------------------------------------


@login_required
@FORM_METHODS
def risk_assessment_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    today = timezone.localdate()
    form = forms.RiskAssessmentForm(
        *posted(request),
        initial={"assessed_on": today, "next_reassessment_due_on": today + rules.SIX_WEEKS * 2},
    )

    def save(data: dict[str, Any]) -> None:
        assessment = services.risk_assessment_record(actor=request.user, case=case, **data)
        if rules.imminent_removal_prompts_ifps(assessment.imminent_risk_of_removal):
            messages.warning(
                request,
                _(
                    "Imminent risk of removal: consider referring the family to an Intensive "
                    "Family Preservation Service (Alice Springs, Tennant Creek, Katherine, Darwin "
                    "or Nhulunbuy)."
                ),
            )

    return form_page(
        request,
        form=form,
        template="casework/risk_assessment_form.html",
        context={"case": case, "child": case.child, "title": _("Record a risk assessment")},
        save=save,
        success=_("Risk assessment recorded."),
        next_url=child_url(case),
    )


@login_required
@FORM_METHODS
def safety_threat_resolve(request: HttpRequest, threat_id: int) -> HttpResponse:
    threat = selectors.safety_threat_get(actor=request.user, threat_id=threat_id)
    case = threat.assessment.case
    form = forms.SafetyThreatResolveForm(
        *posted(request), initial={"resolved_on": timezone.localdate()}
    )
    return form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Mark a safety threat resolved"),
            "intro": threat.description,
            "submit": _("Mark resolved"),
        },
        save=lambda data: services.safety_threat_resolve(actor=request.user, threat=threat, **data),
        success=_("Safety threat marked resolved."),
        next_url=child_url(case),
    )


# --- care plans and return visits --------------------------------------------------------


@login_required
@FORM_METHODS
def care_plan_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    latest = selectors.latest_care_plan(case)
    initial = {
        name: getattr(latest, name) for name in services.CARE_PLAN_FIELDS if latest is not None
    }
    initial.setdefault("review_due_on", timezone.localdate() + rules.SIX_WEEKS * 2)
    form = forms.CarePlanForm(*posted(request), initial=initial)
    return form_page(
        request,
        form=form,
        template="casework/care_plan_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Record the care plan"),
            "participants": families.decision_participants(case),
        },
        save=lambda data: services.care_plan_record(actor=request.user, case=case, **data),
        success=_("Care plan recorded."),
        next_url=child_url(case),
    )


@login_required
@FORM_METHODS
def care_plan_update(request: HttpRequest, care_plan_id: int) -> HttpResponse:
    plan = selectors.care_plan_get(actor=request.user, care_plan_id=care_plan_id)
    case = plan.case
    form = forms.CarePlanForm(
        *posted(request),
        initial={name: getattr(plan, name) for name in services.CARE_PLAN_FIELDS},
    )

    def save(data: dict[str, Any]) -> None:
        actions = data.pop("actions")
        done = [int(pk) for pk in request.POST.getlist("action_done") if pk.isdigit()]
        services.care_plan_update(
            actor=request.user, care_plan=plan, add_actions=actions, actions_done=done, **data
        )

    return form_page(
        request,
        form=form,
        template="casework/care_plan_form.html",
        context={
            "case": case,
            "child": case.child,
            "plan": plan,
            "title": _("Update the care plan"),
            "participants": families.decision_participants(case),
        },
        save=save,
        success=_("Care plan updated."),
        next_url=child_url(case),
    )


@login_required
@FORM_METHODS
def return_visit_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = forms.ReturnVisitForm(*posted(request))
    return form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Record a return visit to the NT"),
            "intro": _("The practitioner sees the child face to face during every visit home."),
            "submit": _("Record the visit"),
        },
        save=lambda data: services.return_visit_record(actor=request.user, case=case, **data),
        success=_("Return visit recorded."),
        next_url=child_url(case),
    )


# --- referrals ---------------------------------------------------------------------------


@login_required
@FORM_METHODS
def referral_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    service = request.GET.get("service")
    form = forms.ReferralForm(
        *posted(request),
        initial={
            "referred_on": timezone.localdate(),
            "service": service if service in Referral.Service.values else None,
        },
    )
    return form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Make a referral"),
            "intro": _(
                "Intensive Family Preservation Services are offered in Alice Springs, "
                "Tennant Creek, Katherine, Darwin and Nhulunbuy."
            ),
            "submit": _("Save the referral"),
        },
        save=lambda data: services.referral_create(actor=request.user, case=case, **data),
        success=_("Referral recorded."),
        next_url=child_url(case),
    )


@login_required
@FORM_METHODS
def referral_update(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get(actor=request.user, referral_id=referral_id)
    case = referral.case
    form = forms.ReferralUpdateForm(
        *posted(request), initial={"status": referral.status, "notes": referral.notes}
    )
    return form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": _("Update a referral"),
            "submit": _("Save"),
        },
        save=lambda data: services.referral_update(actor=request.user, referral=referral, **data),
        success=_("Referral updated."),
        next_url=child_url(case),
    )
