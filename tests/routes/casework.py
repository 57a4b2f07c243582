"""Casework pages: practitioners and team leaders of community A; B's records answer 404."""

import datetime

from django.utils import timezone

from casework.models import CarePlan, Case, FamilyMember
from tests.factories import (
    CaseFactory,
    CaseTaskFactory,
    ContactFactory,
    FamilyFactory,
    ReferralFactory,
    SafetyThreatFactory,
)

from . import COMMUNITY_A, TERRITORY_WIDE, Route

# Casework is the practitioners' and team leaders' work. In community A the coordinator has
# no casework role; a page without a community object refuses the Territory-wide roles too.
NOT_CASEWORKERS = ("coordinator_a",)
NOT_TEAM_LEADERS = ("practitioner_a", "coordinator_a")
NO_CASEWORK_ROLE = (*NOT_CASEWORKERS, *TERRITORY_WIDE)


def _case(w, which: str) -> Case:
    key = f"casework_case_{which}"
    if key not in w.extra:
        community = w.community_a if which == "a" else w.community_b
        practitioner = w.users[f"practitioner_{which}"]
        w.extra[key] = CaseFactory(
            child__community=community,
            practitioner=practitioner,
            team_leader=w.users[f"teamleader_{which}"],
            kind=Case.Kind.STRENGTHENING_FAMILIES,
            status=Case.Status.CLOSURE_REQUESTED,
            closure_requested_by=practitioner,
            closure_reason="Goals met",
            parents_agreed_on=timezone.localdate() - datetime.timedelta(days=20),
        )
    return w.extra[key]


def case_kwargs(which):
    return lambda w: {"case_id": _case(w, which).pk}


def child_kwargs(which):
    return lambda w: {"child_id": _case(w, which).child_id}


def contact_kwargs(which):
    return lambda w: {"contact_id": ContactFactory(case=_case(w, which)).pk}


def threat_kwargs(which):
    return lambda w: {"threat_id": SafetyThreatFactory(assessment__case=_case(w, which)).pk}


def care_plan_kwargs(which):
    def make(w):
        case = _case(w, which)
        plan = CarePlan.objects.create(
            community=case.community,
            case=case,
            review_due_on=timezone.localdate() + datetime.timedelta(days=60),
            created_by=case.practitioner,
        )
        return {"care_plan_id": plan.pk}

    return make


def referral_kwargs(which):
    return lambda w: {"referral_id": ReferralFactory(case=_case(w, which)).pk}


def task_kwargs(which):
    return lambda w: {"task_id": CaseTaskFactory(case=_case(w, which)).pk}


def object_route(kwargs_for, allowed="practitioner_a"):
    wrong_role = NOT_TEAM_LEADERS if allowed == "teamleader_a" else NOT_CASEWORKERS
    return Route(
        allowed=allowed,
        kwargs=kwargs_for("a"),
        foreign_kwargs=kwargs_for("b"),
        wrong_role=wrong_role,
    )


ROUTES = {
    "casework:my_caseload": Route(allowed="practitioner_a", wrong_role=NO_CASEWORK_ROLE),
    "casework:team_caseload": Route(
        allowed="teamleader_a", wrong_role=(*NOT_TEAM_LEADERS, *TERRITORY_WIDE)
    ),
    "casework:child_detail": object_route(child_kwargs),
    "casework:child_create": Route(allowed="practitioner_a", wrong_role=NO_CASEWORK_ROLE),
    "casework:case_open": object_route(child_kwargs),
    "casework:case_contacts": object_route(case_kwargs),
    "casework:contact_log": object_route(case_kwargs),
    "casework:contact_amend": object_route(contact_kwargs),
    "casework:risk_assessment_record": object_route(case_kwargs),
    "casework:safety_threat_resolve": object_route(threat_kwargs),
    "casework:care_plan_record": object_route(case_kwargs),
    "casework:care_plan_update": object_route(care_plan_kwargs),
    "casework:return_visit_record": object_route(case_kwargs),
    "casework:referral_create": object_route(case_kwargs),
    "casework:referral_update": object_route(referral_kwargs),
    "casework:closure_request": object_route(case_kwargs),
    "casework:closure_decide": object_route(case_kwargs, allowed="teamleader_a"),
    "casework:agreement_withdraw": object_route(case_kwargs),
    "casework:task_decide": object_route(task_kwargs, allowed="teamleader_a"),
}


def api_object(kwargs_for, key, **extra):
    """An API object route reusing a page route's object factory (``key`` names it)."""

    def make(which):
        def kwargs(w):
            return {"pk": next(iter(kwargs_for(which)(w).values()))}

        return kwargs

    allowed = extra.pop("allowed", "practitioner_a")
    return Route(
        allowed=allowed,
        anonymous="api",
        kwargs=make("a"),
        foreign_kwargs=make("b"),
        wrong_role=NOT_TEAM_LEADERS if allowed == "teamleader_a" else NOT_CASEWORKERS,
        **extra,
    )


def _assessment_kwargs(which):
    return lambda w: {
        "assessment_id": SafetyThreatFactory(assessment__case=_case(w, which)).assessment_id
    }


API_LIST = Route(allowed="practitioner_a", anonymous="api", wrong_role=NO_CASEWORK_ROLE)

ROUTES.update(
    {
        "child-list": API_LIST,
        "child-detail": api_object(child_kwargs, "child"),
        "case-list": API_LIST,
        "case-detail": api_object(case_kwargs, "case"),
        # Empty bodies: the allowed persona reaches the service and gets a 400 with field errors.
        "case-request-closure": api_object(case_kwargs, "case", method="post", expect=400),
        "case-approve-closure": api_object(
            case_kwargs, "case", method="post", expect=400, allowed="teamleader_a"
        ),
        "case-send-back-closure": api_object(
            case_kwargs, "case", method="post", expect=400, allowed="teamleader_a"
        ),
        "case-withdraw-agreement": api_object(case_kwargs, "case", method="post", expect=400),
        "contact-list": API_LIST,
        "contact-detail": api_object(contact_kwargs, "contact"),
        "contact-amend": api_object(contact_kwargs, "contact", method="post", expect=400),
        "risk-assessment-list": API_LIST,
        "risk-assessment-detail": api_object(_assessment_kwargs, "assessment"),
        "care-plan-list": API_LIST,
        "care-plan-detail": api_object(care_plan_kwargs, "care_plan"),
        "referral-list": API_LIST,
        "referral-detail": api_object(referral_kwargs, "referral"),
    }
)


# Finding a child, the children list and the printable summary (issue #15).
ROUTES.update(
    {
        "casework:child_list": Route(allowed="practitioner_a", wrong_role=NO_CASEWORK_ROLE),
        "casework:child_search": Route(allowed="practitioner_a", wrong_role=NO_CASEWORK_ROLE),
        "casework:child_summary": object_route(child_kwargs),
        "casework:child_summary_pdf": object_route(child_kwargs),
        "child-search": API_LIST,
    }
)


# --- after the first entry: corrections, case details, reassignment, households ----------


def _family_kwargs(which):
    def make(w):
        community = w.community_a if which == "a" else w.community_b
        return {"family_id": FamilyFactory(community=community).pk}

    return make


def _member_kwargs(which):
    def make(w):
        community = w.community_a if which == "a" else w.community_b
        family = FamilyFactory(community=community)
        member = FamilyMember.objects.create(
            family=family, community=community, person_name="Aunty", relationship="kin"
        )
        return {"member_id": member.pk}

    return make


ROUTES.update(
    {
        "casework:child_update": object_route(child_kwargs),
        "casework:child_history": object_route(child_kwargs),
        "casework:case_update": object_route(case_kwargs),
        "casework:caseload_reassign": Route(
            allowed="teamleader_a", wrong_role=(*NOT_TEAM_LEADERS, *TERRITORY_WIDE)
        ),
        "casework:family_create": Route(allowed="practitioner_a", wrong_role=NO_CASEWORK_ROLE),
        "casework:family_detail": object_route(_family_kwargs),
        "casework:family_update": object_route(_family_kwargs),
        "casework:family_member_add": object_route(_family_kwargs),
        "casework:family_member_update": object_route(_member_kwargs),
        "child-history": api_object(child_kwargs, "child"),
        "case-reassign": Route(
            allowed="teamleader_a",
            anonymous="api",
            method="post",
            expect=400,
            wrong_role=NO_CASEWORK_ROLE,
        ),
        "family-list": API_LIST,
        "family-detail": api_object(_family_kwargs, "family"),
    }
)


# Records in from a legacy system (administrators) and out as files (team leaders).
ROUTES.update(
    {
        "casework:records_import": Route(
            allowed="administrator",
            wrong_role=(*COMMUNITY_A, "oversight_member", "cochair"),
        ),
        "casework:import_template": Route(
            allowed="administrator",
            kwargs=lambda w: {"kind": "children"},
            # A template holds no community's records: there is no other community's copy.
            outsiders=(),
            wrong_role=(*COMMUNITY_A, "oversight_member", "cochair"),
        ),
        "casework:team_caseload_export": Route(
            allowed="teamleader_a", wrong_role=(*NOT_TEAM_LEADERS, *TERRITORY_WIDE)
        ),
        "casework:case_contacts_export": object_route(case_kwargs, allowed="teamleader_a"),
        "team-caseload-export": Route(
            allowed="teamleader_a",
            anonymous="api",
            wrong_role=(*NOT_TEAM_LEADERS, *TERRITORY_WIDE),
        ),
        "case-contacts-export": api_object(case_kwargs, "case", allowed="teamleader_a"),
        # An empty body: the administrator reaches the form's checks and gets a 400.
        "records-import": Route(
            allowed="administrator",
            anonymous="api",
            method="post",
            expect=400,
            wrong_role=(*COMMUNITY_A, "oversight_member", "cochair"),
        ),
    }
)
