"""Casework pages: practitioners and team leaders of community A; B's records answer 404."""

import datetime

from django.utils import timezone
from django_scopes import scopes_disabled

from casework.models import (
    CadenceRule,
    CarePlan,
    Case,
    ChildReadGrant,
    ChildTransfer,
    FamilyMember,
    MissedContactReason,
    ReturnVisit,
)
from casework.services.grants import read_grant_open
from tests.factories import (
    CaseFactory,
    CaseTaskFactory,
    ChildFactory,
    CommunityFactory,
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
        # An empty body: the allowed persona reaches the opening and gets a 400.
        "child-open-case": api_object(child_kwargs, "child", method="post", expect=400),
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


# --- children moving between communities, and emergency access (issue #16) ------------------


def _transfer(w, key: str, from_which: str, to_which: str):
    """A transfer waiting between two communities ("c": a third one, nobody's here)."""
    if key not in w.extra:
        if "community_c" not in w.extra:
            w.extra["community_c"] = CommunityFactory(name="Maningrida", slug="maningrida")
        places = {"a": w.community_a, "b": w.community_b, "c": w.extra["community_c"]}
        child = ChildFactory(community=places[from_which])
        w.extra[key] = ChildTransfer.objects.create(
            child=child,
            from_community=places[from_which],
            to_community=places[to_which],
            reason="Moved to family",
            moves_on=timezone.localdate(),
            proposed_by=w.users[f"teamleader_{from_which}"] if from_which != "c" else w.nobody,
        )
    return w.extra[key]


def outgoing_kwargs(which):
    """From A to B for A's team leader; from B to a third community as the foreign one."""
    pair = ("a", "b") if which == "a" else ("b", "c")
    return lambda w: {"transfer_id": _transfer(w, f"transfer_{which}_out", *pair).pk}


def incoming_kwargs(which):
    """From B to A for A's (receiving) team leader; from B to a third one as the foreign one."""
    pair = ("b", "a") if which == "a" else ("b", "c")
    return lambda w: {"transfer_id": _transfer(w, f"transfer_{which}_in", *pair).pk}


def _emergency_grant_kwargs(w):
    child = ChildFactory(community=w.community_b)
    grant = ChildReadGrant.objects.create(
        kind=ChildReadGrant.Kind.EMERGENCY,
        user=w.practitioner_a,
        child=child,
        community=w.community_b,
        reason="Turned up at Royal Darwin Hospital at night",
        expires_at=timezone.now() + datetime.timedelta(hours=12),
    )
    return {"grant_id": grant.pk}


TEAM_LEADERS_ONLY = (*NOT_TEAM_LEADERS, *TERRITORY_WIDE)
ADMINISTRATORS_ONLY = (*COMMUNITY_A, "oversight_member", "cochair")

ROUTES.update(
    {
        "casework:transfer_list": Route(allowed="teamleader_a", wrong_role=TEAM_LEADERS_ONLY),
        "casework:transfer_propose": object_route(child_kwargs, allowed="teamleader_a"),
        "casework:transfer_detail": object_route(outgoing_kwargs, allowed="teamleader_a"),
        "casework:transfer_withdraw": object_route(outgoing_kwargs, allowed="teamleader_a"),
        "casework:transfer_accept": object_route(incoming_kwargs, allowed="teamleader_a"),
        "casework:transfer_decline": object_route(incoming_kwargs, allowed="teamleader_a"),
        "casework:emergency_search": Route(allowed="practitioner_a", wrong_role=NO_CASEWORK_ROLE),
        # A GET of the grant's address goes back to the search.
        "casework:emergency_grant": Route(
            allowed="practitioner_a", expect=302, wrong_role=NO_CASEWORK_ROLE
        ),
        "casework:emergency_report": Route(allowed="administrator", wrong_role=ADMINISTRATORS_ONLY),
        # Territory-wide, for administrators: no community's object, so no outsiders.
        "casework:emergency_grant_detail": Route(
            allowed="administrator",
            kwargs=_emergency_grant_kwargs,
            outsiders=(),
            wrong_role=ADMINISTRATORS_ONLY,
        ),
    }
)


def _granted_child_kwargs(which):
    """A child of B: read through a running emergency grant by A's practitioner ("a"), or
    with no grant at all ("b", which every outsider must find missing)."""

    def make(w):
        child = ChildFactory(community=w.community_b)
        if which == "a":
            read_grant_open(
                actor=w.practitioner_a,
                user_id=w.practitioner_a.pk,
                child=child,
                kind=ChildReadGrant.Kind.EMERGENCY,
                reason="Turned up at Royal Darwin Hospital at night",
                lasts=datetime.timedelta(hours=12),
            )
        return {"pk": child.pk}

    return make


def _api_transfer(kwargs_for, **extra):
    def make(which):
        return lambda w: {"pk": kwargs_for(which)(w)["transfer_id"]}

    return Route(
        allowed="teamleader_a",
        anonymous="api",
        kwargs=make("a"),
        foreign_kwargs=make("b"),
        wrong_role=NOT_TEAM_LEADERS,
        **extra,
    )


ROUTES.update(
    {
        "transfer-list": Route(
            allowed="teamleader_a", anonymous="api", wrong_role=TEAM_LEADERS_ONLY
        ),
        "transfer-detail": _api_transfer(outgoing_kwargs),
        # Empty bodies: the allowed persona reaches the service and gets a 400.
        "transfer-accept": _api_transfer(incoming_kwargs, method="post", expect=400),
        "transfer-decline": _api_transfer(incoming_kwargs, method="post", expect=400),
        "transfer-withdraw": _api_transfer(outgoing_kwargs, method="post"),
        "emergency-search": Route(
            allowed="practitioner_a",
            anonymous="api",
            method="post",
            expect=400,
            wrong_role=NO_CASEWORK_ROLE,
        ),
        "emergency-grant-list": Route(
            allowed="administrator", anonymous="api", wrong_role=ADMINISTRATORS_ONLY
        ),
        "emergency-grant-revoke": Route(
            allowed="administrator",
            anonymous="api",
            method="post",
            kwargs=lambda w: {"pk": _emergency_grant_kwargs(w)["grant_id"]},
            outsiders=(),
            wrong_role=ADMINISTRATORS_ONLY,
        ),
        # No role reaches it: a running grant does, and without one the child is not found.
        "granted-child-detail": Route(
            allowed="practitioner_a",
            anonymous="api",
            kwargs=_granted_child_kwargs("a"),
            foreign_kwargs=_granted_child_kwargs("b"),
            everyone_signed_in=True,
        ),
    }
)


# --- writes for everything a page does (issue #20) ----------------------------------------


def _return_visit_kwargs(which):
    def make(w):
        case = _case(w, which)
        visit = ReturnVisit.objects.create(
            community=case.community,
            case=case,
            starts_on=timezone.localdate() - datetime.timedelta(days=10),
            ends_on=timezone.localdate() - datetime.timedelta(days=3),
            created_by=case.practitioner,
        )
        return {"visit_id": visit.pk}

    return make


ROUTES.update(
    {
        "return-visit-list": API_LIST,
        "return-visit-detail": api_object(_return_visit_kwargs, "visit"),
        # An empty body resolves the threat today.
        "safety-threat-resolve": api_object(threat_kwargs, "threat", method="post"),
        "case-task-list": API_LIST,
        "case-task-detail": api_object(task_kwargs, "task"),
        "case-task-decide": api_object(
            task_kwargs, "task", method="post", expect=400, allowed="teamleader_a"
        ),
    }
)


# --- contact cadence and reasons for a late contact -----------------------------------------


def _community_kwargs(which):
    return lambda w: {"community_id": (w.community_a if which == "a" else w.community_b).pk}


def _rule_kwargs(which, key="rule_id"):
    def make(w):
        community = w.community_a if which == "a" else w.community_b
        with scopes_disabled():
            rule, _ = CadenceRule.objects.get_or_create(
                community=community,
                kind=Case.Kind.STRENGTHENING_FAMILIES,
                risk_level="very_high",
                defaults={"cadence_days": 7, "set_at": timezone.now()},
            )
        return {key: rule.pk}

    return make


def _missed_kwargs(which, key="missed_id"):
    def make(w):
        case = _case(w, which)
        missed = MissedContactReason.objects.create(
            community=case.community,
            case=case,
            reason=MissedContactReason.Reason.CEREMONY,
            gap_from=case.opened_on,
            due_on=case.opened_on + datetime.timedelta(days=42),
            recorded_by=case.practitioner,
        )
        return {key: missed.pk}

    return make


ROUTES.update(
    {
        "casework:case_cadence": object_route(case_kwargs),
        "casework:partnership_cadence": Route(
            allowed="coordinator_a",
            kwargs=_community_kwargs("a"),
            foreign_kwargs=_community_kwargs("b"),
            everyone_in_community=True,
        ),
        "casework:cadence_rule_remove": Route(
            allowed="teamleader_a",
            method="post",
            expect=302,
            kwargs=_rule_kwargs("a"),
            foreign_kwargs=_rule_kwargs("b"),
            wrong_role=("practitioner_a",),
        ),
        "casework:missed_contact_record": object_route(case_kwargs),
        "casework:missed_contact_acknowledge": object_route(_missed_kwargs, allowed="teamleader_a"),
        "case-cadence": api_object(
            case_kwargs, "case", method="post", expect=400, allowed="teamleader_a"
        ),
        "case-missed-contacts": api_object(case_kwargs, "case", method="post", expect=400),
        "missed-contact-acknowledge": api_object(
            _missed_kwargs, "missed", method="post", allowed="teamleader_a"
        ),
        "cadence-rule-list": Route(
            allowed="coordinator_a",
            anonymous="api",
            kwargs=_community_kwargs("a"),
            foreign_kwargs=_community_kwargs("b"),
            everyone_in_community=True,
        ),
        "cadence-rule-remove": Route(
            allowed="teamleader_a",
            anonymous="api",
            method="post",
            expect=204,
            kwargs=_rule_kwargs("a", "pk"),
            foreign_kwargs=_rule_kwargs("b", "pk"),
            wrong_role=("practitioner_a",),
        ),
    }
)
