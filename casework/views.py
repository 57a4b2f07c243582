"""Casework pages: fetch through selectors (404 outside the actor's communities), call one
service, render. Forms re-render with what was typed and the service's messages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audit.models import AuditEvent
from audit.services import audit_record
from partnerships.models import Role

from . import forms, rules, selectors, services
from .models import Case, ContactKind, Referral

FORM_METHODS = require_http_methods(["GET", "POST"])
TEAM_CASELOAD_PAGE_SIZE = 50


def _child_url(case_or_child) -> str:
    child_id = getattr(case_or_child, "child_id", None) or case_or_child.pk
    return reverse("casework:child_detail", args=[child_id])


def _form_page(
    request: HttpRequest,
    *,
    form,
    template: str,
    context: dict,
    save: Callable[[dict], object],
    success: str,
    next_url: str,
) -> HttpResponse:
    """Validate, call the service, and on any error show the same form with the input kept."""
    if request.method == "POST" and form.is_valid():
        arguments = (
            form.service_arguments() if hasattr(form, "service_arguments") else form.cleaned_data
        )
        try:
            # All or nothing: a page that calls several services (a case and its first risk
            # assessment) must not leave half its records behind when a later one refuses.
            with transaction.atomic():
                save(arguments)
        except ValidationError as error:
            forms.apply_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url)
    return render(request, template, {**context, "form": form})


def _require_casework_role(request: HttpRequest) -> None:
    if not selectors.casework_ids(request.user):
        raise PermissionDenied("Casework pages are for practitioners and team leaders.")


# --- caseloads ---------------------------------------------------------------------------


@login_required
def my_caseload(request: HttpRequest) -> HttpResponse:
    _require_casework_role(request)
    today = timezone.localdate()
    cases = list(selectors.my_caseload(actor=request.user, today=today))
    for case in cases:
        case.status_now = case.contact_status(today)
        case.reassessment_is_overdue = case.reassessment_overdue(today)
    return render(request, "casework/my_caseload.html", {"cases": cases, "today": today})


@login_required
def team_caseload(request: HttpRequest) -> HttpResponse:
    if not selectors.team_leader_ids(request.user):
        raise PermissionDenied("The team caseload is for team leaders.")
    today = timezone.localdate()
    params = request.GET
    try:
        practitioner_id = int(params.get("practitioner") or 0) or None
    except ValueError:
        practitioner_id = None
    status = params.get("status", "")
    sort = params.get("sort", "urgency")
    team = params.get("team", "mine")
    if team not in selectors.TEAM_SCOPES:
        team = "mine"
    # A large community's team leader sees thousands of open cases: rendering them all
    # made the page take seconds. Filters and the summary table narrow the list; pages
    # keep each response small.
    page = Paginator(
        selectors.team_caseload(
            actor=request.user,
            today=today,
            team=team,
            status=status,
            practitioner_id=practitioner_id,
            kind=params.get("kind", ""),
            risk_level=params.get("risk_level", ""),
            sort=sort,
        ),
        TEAM_CASELOAD_PAGE_SIZE,
    ).get_page(params.get("page"))
    cases = list(page.object_list)
    filters = params.copy()
    filters.pop("page", None)
    for case in cases:
        case.status_now = case.contact_status(today)
        case.reassessment_is_overdue = case.reassessment_overdue(today)
    return render(
        request,
        "casework/team_caseload.html",
        {
            "cases": cases,
            "page": page,
            "filters": filters.urlencode(),
            "summary": selectors.team_summary(actor=request.user, today=today, team=team),
            "practitioners": selectors.team_practitioners(actor=request.user, team=team),
            "team": team,
            "team_scopes": selectors.TEAM_SCOPES,
            "status_filters": selectors.TEAM_STATUS_FILTERS,
            "sorts": {
                "urgency": "Most urgent first",
                "due": "Next contact due",
                "risk": "Risk, highest first",
                "child": "Child's family name",
                "practitioner": "Practitioner",
                "opened": "Most recently opened",
            },
            "kinds": Case.Kind.choices,
            "risk_levels": selectors.RiskLevel.choices,
            "current": {
                "team": team,
                "status": status,
                "practitioner": practitioner_id,
                "kind": params.get("kind", ""),
                "risk_level": params.get("risk_level", ""),
                "sort": sort,
            },
            "today": today,
        },
    )


# --- the child's page --------------------------------------------------------------------


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
    team_leader_here = child.community_id in selectors.team_leader_ids(request.user)
    cases = list(child.cases.all())
    for case in cases:
        case.status_now = case.contact_status(today)
        case.reassessment_is_overdue = case.reassessment_overdue(today)
        plans = list(case.care_plans.all())
        case.current_plan = plans[0] if plans else None
        case.earlier_plans = plans[1:]
        assessments = list(case.risk_assessments.all())
        case.latest_assessment = assessments[0] if assessments else None
        case.assessment_history = assessments
        case.open_tasks = [t for t in case.tasks.all() if t.status == "open"]
        case.pending_visits = [
            visit
            for visit in case.return_visits.all()
            if not any(c.is_face_to_face for c in visit.contacts.all())
        ]
        case.show_ifps_prompt = rules.imminent_removal_prompts_ifps(
            case.imminent_risk_of_removal
        ) and not any(
            r.service == Referral.Service.IFPS and r.status not in ("declined", "withdrawn")
            for r in case.referrals.all()
        )
    return render(
        request,
        "casework/child_detail.html",
        {
            "child": child,
            "cases": cases,
            "today": today,
            "team_leader_here": team_leader_here,
            "ifps_locations": Referral.IfpsLocation.choices,
        },
    )


# --- contacts ----------------------------------------------------------------------------


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
        {"case": case, "child": case.child, "page": page},
    )


@login_required
@FORM_METHODS
def contact_log(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    visits = list(case.return_visits.all()) if case.child.lives_interstate else []
    form = forms.ContactForm(
        request.POST or None,
        case=case,
        return_visits=visits,
        initial={
            "occurred_at": forms.now_to_the_minute(),
            "kind": ContactKind.FACE_TO_FACE_PRACTITIONER,
        },
    )
    return _form_page(
        request,
        form=form,
        template="casework/contact_form.html",
        context={"case": case, "child": case.child, "title": "Log a contact"},
        save=lambda data: services.contact_log(actor=request.user, case=case, **data),
        success="Contact logged.",
        next_url=_child_url(case),
    )


@login_required
@FORM_METHODS
def contact_amend(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = selectors.contact_get(actor=request.user, contact_id=contact_id)
    case = contact.case
    visits = list(case.return_visits.all()) if case.child.lives_interstate else []
    initial = {name: getattr(contact, name) for name in services.CONTACT_FIELDS}
    initial["occurred_at"] = timezone.localtime(contact.occurred_at).replace(second=0)
    initial["return_visit"] = contact.return_visit_id
    form = forms.ContactAmendForm(
        request.POST or None, case=case, return_visits=visits, initial=initial
    )

    def save(data):
        reason = data.pop("reason")
        if "return_visit" not in data:
            data["return_visit"] = contact.return_visit
        services.contact_amend(actor=request.user, contact=contact, reason=reason, **data)

    return _form_page(
        request,
        form=form,
        template="casework/contact_form.html",
        context={
            "case": case,
            "child": case.child,
            "contact": contact,
            "title": "Correct a contact",
        },
        save=save,
        success="Contact corrected; the original is kept.",
        next_url=_child_url(case),
    )


# --- risk --------------------------------------------------------------------------------


@login_required
@FORM_METHODS
def risk_assessment_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    today = timezone.localdate()
    form = forms.RiskAssessmentForm(
        request.POST or None,
        initial={"assessed_on": today, "next_reassessment_due_on": today + rules.SIX_WEEKS * 2},
    )

    def save(data):
        assessment = services.risk_assessment_record(actor=request.user, case=case, **data)
        if assessment.imminent_risk_of_removal:
            messages.warning(
                request,
                "Imminent risk of removal: consider referring the family to an Intensive "
                "Family Preservation Service (Alice Springs, Tennant Creek, Katherine, Darwin "
                "or Nhulunbuy).",
            )

    return _form_page(
        request,
        form=form,
        template="casework/risk_assessment_form.html",
        context={"case": case, "child": case.child, "title": "Record a risk assessment"},
        save=save,
        success="Risk assessment recorded.",
        next_url=_child_url(case),
    )


@login_required
@FORM_METHODS
def safety_threat_resolve(request: HttpRequest, threat_id: int) -> HttpResponse:
    threat = selectors.safety_threat_get(actor=request.user, threat_id=threat_id)
    case = threat.assessment.case
    form = forms.SafetyThreatResolveForm(
        request.POST or None, initial={"resolved_on": timezone.localdate()}
    )
    return _form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": "Mark a safety threat resolved",
            "intro": threat.description,
            "submit": "Mark resolved",
        },
        save=lambda data: services.safety_threat_resolve(actor=request.user, threat=threat, **data),
        success="Safety threat marked resolved.",
        next_url=_child_url(case),
    )


# --- care plans and return visits --------------------------------------------------------


@login_required
@FORM_METHODS
def care_plan_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    latest = case.care_plans.order_by("-created_at", "-id").first()
    initial = {
        name: getattr(latest, name) for name in services.CARE_PLAN_FIELDS if latest is not None
    }
    initial.setdefault("review_due_on", timezone.localdate() + rules.SIX_WEEKS * 2)
    form = forms.CarePlanForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form=form,
        template="casework/care_plan_form.html",
        context={"case": case, "child": case.child, "title": "Record the care plan"},
        save=lambda data: services.care_plan_record(actor=request.user, case=case, **data),
        success="Care plan recorded.",
        next_url=_child_url(case),
    )


@login_required
@FORM_METHODS
def care_plan_update(request: HttpRequest, care_plan_id: int) -> HttpResponse:
    plan = selectors.care_plan_get(actor=request.user, care_plan_id=care_plan_id)
    case = plan.case
    form = forms.CarePlanForm(
        request.POST or None,
        initial={name: getattr(plan, name) for name in services.CARE_PLAN_FIELDS},
    )

    def save(data):
        actions = data.pop("actions")
        done = [int(pk) for pk in request.POST.getlist("action_done") if pk.isdigit()]
        services.care_plan_update(
            actor=request.user, care_plan=plan, add_actions=actions, actions_done=done, **data
        )

    return _form_page(
        request,
        form=form,
        template="casework/care_plan_form.html",
        context={
            "case": case,
            "child": case.child,
            "plan": plan,
            "title": "Update the care plan",
        },
        save=save,
        success="Care plan updated.",
        next_url=_child_url(case),
    )


@login_required
@FORM_METHODS
def return_visit_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = forms.ReturnVisitForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": "Record a return visit to the NT",
            "intro": "The practitioner sees the child face to face during every visit home.",
            "submit": "Record the visit",
        },
        save=lambda data: services.return_visit_record(actor=request.user, case=case, **data),
        success="Return visit recorded.",
        next_url=_child_url(case),
    )


# --- referrals ---------------------------------------------------------------------------


@login_required
@FORM_METHODS
def referral_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    service = request.GET.get("service")
    form = forms.ReferralForm(
        request.POST or None,
        initial={
            "referred_on": timezone.localdate(),
            "service": service if service in Referral.Service.values else None,
        },
    )
    return _form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": "Make a referral",
            "intro": "Intensive Family Preservation Services are offered in Alice Springs, "
            "Tennant Creek, Katherine, Darwin and Nhulunbuy.",
            "submit": "Save the referral",
        },
        save=lambda data: services.referral_create(actor=request.user, case=case, **data),
        success="Referral recorded.",
        next_url=_child_url(case),
    )


@login_required
@FORM_METHODS
def referral_update(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = selectors.referral_get(actor=request.user, referral_id=referral_id)
    case = referral.case
    form = forms.ReferralUpdateForm(
        request.POST or None, initial={"status": referral.status, "notes": referral.notes}
    )
    return _form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": "Update a referral",
            "submit": "Save",
        },
        save=lambda data: services.referral_update(actor=request.user, referral=referral, **data),
        success="Referral updated.",
        next_url=_child_url(case),
    )


# --- closure -----------------------------------------------------------------------------


@login_required
@FORM_METHODS
def closure_request(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = forms.ClosureRequestForm(
        request.POST or None,
        initial={"parents_capacity_note": case.parents_capacity_note},
    )
    unmet = services.closure_conditions_unmet(case, parents_capacity_note="x")
    return _form_page(
        request,
        form=form,
        template="casework/closure_request.html",
        context={
            "case": case,
            "child": case.child,
            "title": "Request closure with no further action",
            "unmet_now": unmet,
        },
        save=lambda data: services.case_request_closure(actor=request.user, case=case, **data),
        success="Closure requested: a team leader will approve it or send it back.",
        next_url=_child_url(case),
    )


@login_required
@FORM_METHODS
def closure_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    if case.community_id not in selectors.team_leader_ids(request.user):
        raise PermissionDenied("Only a team leader in this community decides closures.")
    form = forms.ClosureDecisionForm(request.POST or None)

    def save(data):
        if data["decision"] == "approve":
            services.case_approve_closure(actor=request.user, case=case)
        else:
            services.case_send_back_closure(actor=request.user, case=case, reason=data["reason"])

    decision = request.POST.get("decision")
    return _form_page(
        request,
        form=form,
        template="casework/closure_decide.html",
        context={
            "case": case,
            "child": case.child,
            "title": "Approve or send back a closure",
            "unmet_now": services.closure_conditions_unmet(case)
            if case.status == Case.Status.CLOSURE_REQUESTED
            else [],
        },
        save=save,
        success="Closure approved: the case is closed."
        if decision == "approve"
        else "Closure sent back to the practitioner.",
        next_url=reverse("casework:team_caseload") + "?status=closure_waiting",
    )


# --- agreement and tasks -----------------------------------------------------------------


@login_required
@FORM_METHODS
def agreement_withdraw(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = forms.WithdrawAgreementForm(
        request.POST or None, initial={"withdrawn_on": timezone.localdate()}
    )

    def save(data):
        task = services.parent_withdraw_agreement(actor=request.user, case=case, **data)
        if task is not None:
            messages.warning(
                request,
                "The child remains at risk: a team leader must now consider further action.",
            )

    return _form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": "Parents withdrew their agreement",
            "intro": "While the risk is above low, this opens a task for the team leader to "
            "consider further action.",
            "submit": "Record the withdrawal",
        },
        save=save,
        success="Withdrawal of agreement recorded.",
        next_url=_child_url(case),
    )


@login_required
@FORM_METHODS
def task_decide(request: HttpRequest, task_id: int) -> HttpResponse:
    task = selectors.task_get(actor=request.user, task_id=task_id)
    if task.community_id not in selectors.team_leader_ids(request.user):
        raise PermissionDenied("Only a team leader in this community decides this task.")
    case = task.case
    form = forms.TaskDecideForm(request.POST or None)
    return _form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "case": case,
            "child": case.child,
            "title": task.get_kind_display(),
            "intro": task.reason,
            "submit": "Record the decision",
        },
        save=lambda data: services.case_task_decide(actor=request.user, task=task, **data),
        success="Decision recorded.",
        next_url=_child_url(case),
    )


# --- new children and cases --------------------------------------------------------------


@login_required
@FORM_METHODS
def child_create(request: HttpRequest) -> HttpResponse:
    _require_casework_role(request)
    communities = list(selectors.casework_communities(actor=request.user))
    form = forms.ChildForm(request.POST or None, communities=communities)
    created = {}

    def save(data):
        community = next(c for c in communities if c.pk == data.pop("community"))
        created["child"] = services.child_create(actor=request.user, community=community, **data)

    response = _form_page(
        request,
        form=form,
        template="casework/simple_form_plain.html",
        context={"title": "Add a child"},
        save=save,
        success="Child added. Now open their case.",
        next_url="/",
    )
    if "child" in created:
        return redirect("casework:case_open", child_id=created["child"].pk)
    return response


@login_required
@FORM_METHODS
def case_open(request: HttpRequest, child_id: int) -> HttpResponse:
    child = selectors.child_get(actor=request.user, child_id=child_id)
    staff = selectors.community_staff(
        community_id=child.community_id, roles=[Role.PRACTITIONER, Role.TEAM_LEADER]
    )
    leaders = selectors.community_staff(community_id=child.community_id, roles=[Role.TEAM_LEADER])
    today = timezone.localdate()
    form = forms.CaseOpenForm(
        request.POST or None,
        staff=staff,
        leaders=leaders,
        initial={"practitioner": request.user.pk, "opened_on": today, "assessed_on": today},
    )

    def save(data):
        User = get_user_model()
        people = User.objects.in_bulk([data["practitioner"], data.get("team_leader") or 0])
        common = {
            "actor": request.user,
            "child": child,
            "practitioner": people.get(data["practitioner"]),
            "team_leader": people.get(data.get("team_leader") or 0),
            "opened_on": data["opened_on"],
            "dfv_risk": data["dfv_risk"],
        }
        assessment = form.assessment()
        if data["kind"] == Case.Kind.STRENGTHENING_FAMILIES:
            services.case_open_strengthening_families(
                **common,
                parents_agreed_on=data.get("parents_agreed_on"),
                safe_at_home_judgement=data.get("safe_at_home_judgement", ""),
                assessment=assessment or {},
            )
        else:
            case = services.case_open_in_care(**common)
            if assessment:
                services.risk_assessment_record(actor=request.user, case=case, **assessment)

    return _form_page(
        request,
        form=form,
        template="casework/simple_form.html",
        context={
            "child": child,
            "case": None,
            "title": f"Open a case for {child.display_name}",
            "submit": "Open the case",
        },
        save=save,
        success="Case opened.",
        next_url=_child_url(child),
    )
