"""Synthetic casework for the demo: every child, family and worker here is invented.

Wadeye and Yuendumu get full caseloads covering every state a practitioner or team leader
meets (contact overdue, due soon, on track, interstate with a return visit pending, a
closure waiting, further action to decide, high risk, reassessment overdue, an IFPS
referral); a few other communities get lighter ones. Written through the services, so the
demo obeys the same rules as the product.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import User
from core.actors import system_actor
from partnerships.models import Community, Role
from partnerships.services import membership_grant

from . import services
from .demo_cadence import seed_cadence
from .models import Case, Child, ContactKind, RiskLevel

GIVEN = [
    "Ava", "Jarrah", "Mia", "Tyrone", "Leah", "Noah", "Shanice", "Kobe", "Tahlia", "Cooper",
    "Maddison", "Jalen", "Kiara", "Lachlan", "Indi", "Zane", "Amira", "Beau", "Chloe", "Darcy",
]  # fmt: skip
FAMILY = [
    "Sampleton", "Demoford", "Testwell", "Mockridge", "Fauxley", "Inventa", "Storybrook",
    "Makebelieve", "Pretendale", "Fictor",
]  # fmt: skip

# Lighter caseloads elsewhere, with their own synthetic workers.
OTHER_COMMUNITIES = ["tennant-creek", "galiwinku", "ngukurr"]

# The seeder registers the children as the product itself; the casework on them is done
# by the synthetic practitioners and team leaders, so the pages show who did what.
SEEDER = system_actor("demo")


@dataclass
class _Team:
    community: Community
    practitioner: User
    team_leader: User


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class _Seeder:
    def __init__(self, context, team: _Team, offset: int):
        self.context = context
        self.team = team
        self.today = context.today
        self.n = offset

    def child(self, **fields) -> Child:
        self.n += 1
        given = GIVEN[self.n % len(GIVEN)]
        family = FAMILY[(self.n * 7) % len(FAMILY)]
        defaults = {
            "given_name": given,
            "family_name": family,
            "date_of_birth": self.today - _days(365 * (4 + self.n % 12) + self.n * 11),
            "gender": [Child.Gender.FEMALE, Child.Gender.MALE][self.n % 2],
            "aboriginal_status": Child.AboriginalStatus.ABORIGINAL,
            "languages": "Murrinh-Patha, English"
            if self.team.community.slug == "wadeye"
            else "Warlpiri, English"
            if self.team.community.slug == "yuendumu"
            else "English",
        }
        defaults.update(fields)
        return services.child_create(actor=SEEDER, community=self.team.community, **defaults)

    def in_care(
        self, *, opened_days_ago: int, last_seen_days_ago: int | None, assess=True, **fields
    ) -> Case:
        child = self.child(
            placement=fields.pop("placement", Child.Placement.KINSHIP),
            carer_name=fields.pop("carer_name", "Kinship carer (synthetic)"),
            **fields,
        )
        case = services.case_open_in_care(
            actor=self.team.practitioner,
            child=child,
            practitioner=self.team.practitioner,
            team_leader=self.team.team_leader,
            opened_on=self.today - _days(opened_days_ago),
        )
        if assess:
            self.assess(case, RiskLevel.MODERATE, days_ago=min(opened_days_ago, 20))
        if last_seen_days_ago is not None:
            self.contact(case, days_ago=last_seen_days_ago)
        return case

    def contact(self, case, *, days_ago: int, kind=ContactKind.FACE_TO_FACE_PRACTITIONER, **kw):
        extra: dict[str, Any] = {}
        if kind == ContactKind.FACE_TO_FACE_THIRD_PARTY:
            extra = {
                "third_party_name": "Youth worker (synthetic)",
                "third_party_organisation": "Demo ACCO youth program",
            }
        return services.contact_log(
            actor=self.team.practitioner,
            case=case,
            occurred_at=_at(self.today - _days(days_ago)),
            kind=kind,
            who_was_seen=kw.pop("who_was_seen", "The child and their carer"),
            location=kw.pop("location", "Carer's home"),
            child_views=kw.pop("child_views", "Happy at home; wants to visit grandmother."),
            note=kw.pop("note", "Synthetic demo contact."),
            **extra,
            **kw,
        )

    def assess(self, case, level, *, days_ago: int, due_in: int = 90, threats=(), imminent=False):
        assessed_on = self.today - _days(days_ago)
        return services.risk_assessment_record(
            actor=self.team.practitioner,
            case=case,
            assessed_on=assessed_on,
            level=level,
            next_reassessment_due_on=assessed_on + _days(due_in),
            summary="Synthetic assessment for the demo.",
            imminent_risk_of_removal=imminent,
            safety_threats=list(threats),
        )

    def strengthening_families(self, level, *, opened_days_ago: int, threats=()) -> Case:
        child = self.child()
        opened_on = self.today - _days(opened_days_ago)
        return services.case_open_strengthening_families(
            actor=self.team.practitioner,
            child=child,
            practitioner=self.team.practitioner,
            team_leader=self.team.team_leader,
            opened_on=opened_on,
            parents_agreed_on=opened_on,
            safe_at_home_judgement=(
                "Grandmother lives in the home and a safety plan is agreed with the family."
                if level in (RiskLevel.HIGH, RiskLevel.VERY_HIGH)
                else ""
            ),
            assessment={
                "assessed_on": opened_on,
                "level": level,
                "next_reassessment_due_on": opened_on + _days(90),
                "summary": "Synthetic investigation risk assessment.",
                "safety_threats": list(threats),
            },
        )


def _team_for(context, slug: str) -> _Team:
    community = context.communities[slug]
    users = context.users
    if f"practitioner.{slug}" in users:
        return _Team(community, users[f"practitioner.{slug}"], users[f"teamleader.{slug}"])
    User = get_user_model()
    people = {}
    for role, label in ((Role.PRACTITIONER, "practitioner"), (Role.TEAM_LEADER, "teamleader")):
        username = f"{label}.{slug}"
        user = User.objects.create_user(
            username=username,
            password=context.password,
            display_name=f"Demo {role.label} ({community.name})",
            email=f"{username}@example.invalid",
        )
        membership_grant(
            actor=SEEDER,
            user=user,
            role=role,
            community=community,
            starts_on=context.today - _days(400),
        )
        users[username] = user
        people[label] = user
    return _Team(community, people["practitioner"], people["teamleader"])


def _full_caseload(context, slug: str, offset: int) -> None:
    team = _team_for(context, slug)
    seed = _Seeder(context, team, offset)
    leader = team.team_leader

    # Children in care: the six-week rule in each state.
    overdue = [
        seed.in_care(opened_days_ago=200, last_seen_days_ago=50),
        seed.in_care(opened_days_ago=120, last_seen_days_ago=46),
    ]
    seed.in_care(opened_days_ago=90, last_seen_days_ago=38)  # due within 7 days
    seed.in_care(opened_days_ago=300, last_seen_days_ago=41)  # due tomorrow
    settled = seed.in_care(opened_days_ago=150, last_seen_days_ago=6)  # on track
    third_party = seed.in_care(opened_days_ago=80, last_seen_days_ago=None)
    seed.contact(third_party, days_ago=12, kind=ContactKind.FACE_TO_FACE_THIRD_PARTY)
    phone_only = seed.in_care(opened_days_ago=60, last_seen_days_ago=None)  # phone does not count
    seed.contact(phone_only, days_ago=3, kind=ContactKind.PHONE, who_was_seen="The child")

    # Boarding school interstate: a visit home under way, and one that ended unseen.
    boarding = seed.in_care(
        opened_days_ago=400,
        last_seen_days_ago=None,
        residence=Child.Residence.BOARDING_SCHOOL_INTERSTATE,
    )
    services.care_plan_record(
        actor=team.practitioner,
        case=boarding,
        review_due_on=seed.today + _days(60),
        goals="Finish Year 9; stay connected to family and country.",
        child_views="Likes school; misses family and football at home.",
        return_visit_arrangements="Practitioner meets the child at the airport and visits at "
        "grandmother's house during each school holiday.",
        decision_participants="The child, grandmother, aunt, the family's nominated ACCO.",
        actions=[
            {
                "description": "Book holiday flights home",
                "owner": "Practitioner",
                "due_on": seed.today + _days(14),
            }
        ],
    )
    services.return_visit_record(
        actor=team.practitioner,
        case=boarding,
        starts_on=seed.today - _days(2),
        ends_on=seed.today + _days(12),
        notes="School holidays at home.",
    )
    interstate = seed.in_care(
        opened_days_ago=365, last_seen_days_ago=None, residence=Child.Residence.INTERSTATE
    )
    services.care_plan_record(
        actor=team.practitioner,
        case=interstate,
        review_due_on=seed.today + _days(30),
        return_visit_arrangements="Seen at the carer's family home on each visit to the NT.",
    )
    services.return_visit_record(
        actor=team.practitioner,
        case=interstate,
        starts_on=seed.today - _days(20),
        ends_on=seed.today - _days(9),
    )

    # Reassessment overdue on a child in care.
    # A stricter cadence (fortnightly: still on track) and reasons for the two late contacts.
    seed_cadence(team=team, overdue=overdue, settled=settled)
    late_review = seed.in_care(opened_days_ago=200, last_seen_days_ago=10, assess=False)
    seed.assess(late_review, RiskLevel.HIGH, days_ago=100, due_in=60)

    # Strengthening Families.
    seed.strengthening_families(RiskLevel.MODERATE, opened_days_ago=40)
    high = seed.strengthening_families(
        RiskLevel.HIGH, opened_days_ago=70, threats=["Overcrowding and unsafe visitors"]
    )
    ifps = seed.strengthening_families(RiskLevel.VERY_HIGH, opened_days_ago=25)
    seed.assess(
        ifps,
        RiskLevel.VERY_HIGH,
        days_ago=2,
        due_in=14,
        threats=["Family violence in the home"],
        imminent=True,
    )
    services.referral_create(
        actor=team.practitioner,
        case=ifps,
        service="ifps",
        ifps_location="darwin" if slug == "wadeye" else "alice_springs",
        status="made",
        referred_on=seed.today - _days(1),
        notes="Family agreed to an intensive support program.",
    )

    # A closure waiting for approval (conditions met) and one that cannot close yet.
    ready = seed.strengthening_families(
        RiskLevel.LOW, opened_days_ago=120, threats=["School non-attendance"]
    )
    for assessment in ready.risk_assessments.all():
        for threat in assessment.safety_threats.all():
            services.safety_threat_resolve(actor=team.practitioner, threat=threat)
    seed.assess(ready, RiskLevel.LOW, days_ago=5, due_in=90)
    services.case_request_closure(
        actor=team.practitioner,
        case=ready,
        reason="Goals of the family plan met; child attending school every week.",
        parents_capacity_note="Parents are linked with the clinic and school and keep the "
        "safety plan going without department support.",
    )
    not_ready = seed.strengthening_families(RiskLevel.MODERATE, opened_days_ago=100)
    services.case_request_closure(
        actor=team.practitioner,
        case=not_ready,
        reason="Family wants the case closed.",
        parents_capacity_note="Mother has support from her sister.",
    )
    # A reassessment after the request: the team leader will see the conditions unmet.
    seed.assess(not_ready, RiskLevel.HIGH, days_ago=1, due_in=30, threats=["New adult in house"])

    # Parents withdrew agreement at high risk: further action for the team leader to decide.
    services.parent_withdraw_agreement(
        actor=team.practitioner,
        case=high,
        withdrawn_on=seed.today - _days(3),
        note="Father asked the team to stop visiting.",
    )

    # A closed case for the record.
    closed = seed.strengthening_families(RiskLevel.LOW, opened_days_ago=200)
    services.case_request_closure(
        actor=team.practitioner,
        case=closed,
        reason="Safety goals met.",
        parents_capacity_note="Parents meeting the child's needs for six months.",
    )
    services.case_approve_closure(actor=leader, case=closed)

    _after_first_entry(context, team, seed, slug)


def _after_first_entry(context, team: _Team, seed: _Seeder, slug: str) -> None:
    """Records looked after since they were made: a household with its s12 nominations, a
    caseload moved from a practitioner on leave, a child who moved to boarding school."""
    leader = team.team_leader
    # A household, who it nominates to take part in decisions, and its members.
    sibling = seed.child()
    case = seed.strengthening_families(RiskLevel.MODERATE, opened_days_ago=50)
    family = services.family_create(
        actor=team.practitioner,
        community=team.community,
        name=f"{case.child.family_name} household (synthetic)",
        nominated_people="Grandmother (synthetic)\nAunty, mother's sister (synthetic)",
        nominated_kinship_group="Mother's kinship group (synthetic)",
        nominated_community=team.community,
        members=[
            {"child": case.child, "relationship": "child"},
            {"child": sibling, "relationship": "sibling"},
            {
                "person_name": "Mother (synthetic)",
                "relationship": "parent",
                "takes_part_in_decisions": True,
            },
            {
                "person_name": "Grandmother (synthetic)",
                "relationship": "kin",
                "takes_part_in_decisions": True,
            },
        ],
    )
    services.case_update(
        actor=team.practitioner,
        case=case,
        family=family,
        aboriginal_community_worker="Demo Aboriginal Community Worker",
        cultural_language_needs="Family speaks the local language at home; interpreter for "
        "meetings with the department.",
        reason="Household recorded with the family's nominations.",
    )

    # A practitioner on leave: their open cases moved to the team's practitioner.
    username = f"practitioner2.{slug}"
    User = get_user_model()
    leaving = User.objects.create_user(
        username=username,
        password=context.password,
        display_name=f"Demo practitioner on leave ({team.community.name})",
        email=f"{username}@example.invalid",
    )
    membership_grant(
        actor=SEEDER,
        user=leaving,
        role=Role.PRACTITIONER,
        community=team.community,
        starts_on=context.today - _days(300),
    )
    context.users[username] = leaving
    for opened_days_ago in (70, 30):
        services.case_open_in_care(
            actor=leaving,
            child=seed.child(
                placement=Child.Placement.FOSTER, carer_name="Foster carer (synthetic)"
            ),
            practitioner=leaving,
            team_leader=leader,
            opened_on=seed.today - _days(opened_days_ago),
        )
    services.cases_reassign(
        actor=leader,
        community=team.community,
        from_practitioner=leaving,
        to_practitioner=team.practitioner,
        reason="Practitioner on long service leave for three months.",
    )

    # A child who moved to boarding school interstate: the return-visit rule from that day.
    mover = seed.in_care(opened_days_ago=90, last_seen_days_ago=20)
    services.child_update(
        actor=team.practitioner,
        child=mover.child,
        residence=Child.Residence.BOARDING_SCHOOL_INTERSTATE,
        residence_changed_on=seed.today,
        reason="Started boarding school in Adelaide this term.",
    )


def _light_caseload(context, slug: str, offset: int) -> None:
    team = _team_for(context, slug)
    seed = _Seeder(context, team, offset)
    seed.in_care(opened_days_ago=100, last_seen_days_ago=45)  # overdue
    seed.in_care(opened_days_ago=60, last_seen_days_ago=37)  # due soon
    seed.in_care(opened_days_ago=30, last_seen_days_ago=5)  # on track
    seed.strengthening_families(RiskLevel.MODERATE, opened_days_ago=30)


def seed(context) -> None:
    # The services open each record's own scope; the disabled scope lets the seeder walk
    # related records it has just created (e.g. an assessment's threats).
    with scopes_disabled():
        _full_caseload(context, "wadeye", 0)
        _full_caseload(context, "yuendumu", 40)
        for index, slug in enumerate(OTHER_COMMUNITIES):
            if slug in context.communities:
                _light_caseload(context, slug, 80 + index * 10)
