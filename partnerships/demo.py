"""Demo data for the foundation: organisations, partnership members and the demo logins.

Synthetic people only. Other apps add their demo data through ``seed(context)``
functions listed in ``DEMO_SEEDERS``, called in order after this one.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from core.actors import system_actor

from . import services
from .models import (
    Community,
    GovernanceTier,
    Indicator,
    Organisation,
    Partnership,
    PartnershipMember,
    PriorityAction,
    PriorityArea,
    Role,
)

# Who the demo's records name as having made them.
SEEDER = system_actor("seed_demo")

DEMO_SEEDERS = ["casework.demo", "notifications.demo", "escalations.demo", "oversight.demo"]

# (username, display name, role, community slug or None)
DEMO_LOGINS = [
    ("admin", "Demo Administrator", Role.ADMINISTRATOR, None),
    ("practitioner.wadeye", "Demo Practitioner (Wadeye)", Role.PRACTITIONER, "wadeye"),
    ("teamleader.wadeye", "Demo Team Leader (Wadeye)", Role.TEAM_LEADER, "wadeye"),
    ("coordinator.wadeye", "Demo Coordinator (Wadeye)", Role.COORDINATOR, "wadeye"),
    ("practitioner.yuendumu", "Demo Practitioner (Yuendumu)", Role.PRACTITIONER, "yuendumu"),
    ("teamleader.yuendumu", "Demo Team Leader (Yuendumu)", Role.TEAM_LEADER, "yuendumu"),
    ("cochair.government", "Demo Co-chair (Government)", Role.OVERSIGHT_COCHAIR, None),
    ("cochair.aboriginal", "Demo Co-chair (Aboriginal organisation)", Role.OVERSIGHT_COCHAIR, None),
    ("oversight.member", "Demo Oversight Member", Role.OVERSIGHT_MEMBER, None),
]

DEMO_ORGANISATIONS = [
    (
        "Territory Families, Housing and Communities (demo)",
        Organisation.Kind.GOVERNMENT_AGENCY,
        ["child_protection", "family_support", "housing"],
    ),
    ("NT Police (demo)", Organisation.Kind.GOVERNMENT_AGENCY, ["justice"]),
    ("NT Health (demo)", Organisation.Kind.GOVERNMENT_AGENCY, ["health"]),
    ("Department of Education (demo)", Organisation.Kind.GOVERNMENT_AGENCY, ["education"]),
    (
        "Aboriginal Peak Organisations NT (demo)",
        Organisation.Kind.ABORIGINAL_PEAK_BODY,
        ["family_support"],
    ),
    ("Thamarrurr Family Support (demo ACCO)", Organisation.Kind.ACCO, ["family_support"]),
    (
        "Warlpiri Families Aboriginal Corporation (demo ACCO)",
        Organisation.Kind.ACCO,
        ["family_support", "education"],
    ),
    ("Top End Aboriginal Health Service (demo ACCO)", Organisation.Kind.ACCO, ["health"]),
    ("East Arnhem Family Services (demo ACCO)", Organisation.Kind.ACCO, ["family_support"]),
    ("Barkly Youth Justice Service (demo ACCO)", Organisation.Kind.ACCO, ["justice"]),
    ("Big Rivers Women's Safety (demo ACCO)", Organisation.Kind.ACCO, ["family_support"]),
    ("Central Desert Kids (demo ACCO)", Organisation.Kind.ACCO, ["education", "health"]),
    ("Save Our Kids NT (demo NGO)", Organisation.Kind.NGO, ["family_support"]),
    ("Remote Legal Service (demo NGO)", Organisation.Kind.NGO, ["justice"]),
]


@dataclass
class DemoContext:
    """What the seeders share: the demo users by username, communities by slug, and today."""

    today: datetime.date
    password: str
    users: dict = field(default_factory=dict)
    communities: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)


def demo_already_seeded() -> bool:
    return get_user_model().objects.filter(username="practitioner.wadeye").exists()


@transaction.atomic
def seed(context: DemoContext) -> None:
    User = get_user_model()
    context.communities = {c.slug: c for c in Community.objects.select_related("region")}
    for name, kind, areas in DEMO_ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "service_areas": areas}
        )
        context.organisations[name] = org

    for username, display_name, role, slug in DEMO_LOGINS:
        user = User.objects.create_user(
            username=username,
            password=context.password,
            display_name=display_name,
            email=f"{username}@example.invalid",
            is_staff=username == "admin",
            is_superuser=username == "admin",
        )
        context.users[username] = user
        services.membership_grant(
            actor=SEEDER,
            user=user,
            role=role,
            community=context.communities[slug] if slug else None,
            starts_on=context.today - datetime.timedelta(days=400),
        )

    # Partnerships: active in the demo's two main communities and a few others, with
    # locally co-designed compositions (no fixed shape).
    started = datetime.date(2024, 3, 1)
    for slug in ["wadeye", "yuendumu", "tennant-creek", "galiwinku", "ngukurr", "palmerston"]:
        Partnership.objects.filter(community__slug=slug).update(
            status=Partnership.Status.ACTIVE, established_on=started
        )
    for slug in ["jabiru", "lajamanu", "papunya"]:
        Partnership.objects.filter(community__slug=slug).update(
            status=Partnership.Status.ESTABLISHING, established_on=datetime.date(2026, 7, 1)
        )
    orgs = context.organisations
    compositions = {
        "wadeye": [
            (orgs["Thamarrurr Family Support (demo ACCO)"], "", "Co-lead", False, True),
            (
                orgs["Territory Families, Housing and Communities (demo)"],
                "",
                "Member",
                False,
                False,
            ),
            (orgs["NT Police (demo)"], "", "Member", False, False),
            (None, "Elder A. Demo", "Community leader", True, True),
            (None, "Elder B. Demo", "Community leader", True, True),
        ],
        "yuendumu": [
            (
                orgs["Warlpiri Families Aboriginal Corporation (demo ACCO)"],
                "",
                "Chair",
                False,
                True,
            ),
            (orgs["Department of Education (demo)"], "", "Member", False, False),
            (None, "Senior woman C. Demo", "Community leader", True, True),
            (None, "Parent representative D. Demo", "Family voice", False, True),
        ],
    }
    for slug, rows in compositions.items():
        partnership = context.communities[slug].partnership
        for organisation, person, role, leader, aboriginal in rows:
            PartnershipMember.objects.create(
                partnership=partnership,
                community=partnership.community,
                organisation=organisation,
                person_name=person,
                role=role,
                is_community_leader=leader,
                is_aboriginal=aboriginal,
                starts_on=started,
            )
    seed_governance(context)


def _monthly_ends(today: datetime.date, months: int) -> list[datetime.date]:
    """The last day of each of the ``months`` months before this one, oldest first."""
    ends = []
    first = today.replace(day=1)
    for _ in range(months):
        last = first - datetime.timedelta(days=1)
        ends.append(last)
        first = last.replace(day=1)
    return list(reversed(ends))


def seed_governance(context: DemoContext) -> None:
    """Governance as the Victorian models run it, for two contrasting partnerships.

    Wadeye keeps case records; Palmerston runs as an Area-Partnership-style
    partnership without them.
    """
    orgs = context.organisations
    today = context.today
    started = datetime.date(2024, 3, 1)
    palmerston = context.communities["palmerston"].partnership
    services.partnership_set_case_records(
        actor=SEEDER, partnership=palmerston, keeps_case_records=False
    )
    plans = {
        "wadeye": {
            "priorities": [
                ("Children attend school every day", PriorityArea.LEARNING_DEVELOPMENT),
                ("Families are safe at home", PriorityArea.SAFE_SUPPORTIVE),
                ("Young people on Country", PriorityArea.LOCAL),
            ],
            "actions": [
                [
                    "Map which families need help with the school run",
                    "Start a morning bus with the school and the ACCO",
                    "Home visits by the attendance officer with an elder",
                ],
                [
                    "Agree a safety network with the women's centre",
                    "Run a family violence yarning circle each month",
                    "Open a second safe house bed with the ACCO",
                ],
                [
                    "Ask the elders which places to visit first",
                    "Hold a school-holiday trip on Country",
                    "Train two young rangers as mentors",
                ],
            ],
            "working_group": "Kardu kigay (young people) group",
            "workers": [
                ("Family connector", "Worker E. Demo"),
                ("Cultural lead", "Worker F. Demo"),
            ],
            "funding": [
                ("Backbone coordination", "250000.00"),
                ("Family connector roles", "180000.00"),
            ],
        },
        "palmerston": {
            "priorities": [
                ("Early years learning", PriorityArea.LEARNING_DEVELOPMENT),
                ("Safe and supportive community", PriorityArea.SAFE_SUPPORTIVE),
            ],
            "actions": [
                [
                    "Count the children not enrolled in early learning",
                    "Open a playgroup at the community centre",
                    "Follow up every child missing a health check",
                ],
                [
                    "Walk the parks with residents and the council",
                    "Fix the lighting on the walk to the shops",
                    "Hold a neighbourhood barbecue with the police",
                ],
            ],
            "working_group": "Early years working group",
            "workers": [("Partnership coordinator", "Worker G. Demo")],
            "funding": [
                ("Backbone coordination", "320000.00"),
                ("Data and evaluation", "60000.00"),
            ],
        },
    }
    for slug, plan in plans.items():
        partnership = context.communities[slug].partnership
        priorities = [
            services.priority_create(actor=SEEDER, partnership=partnership, title=title, area=area)
            for title, area in plan["priorities"]
        ]
        for number, priority in enumerate(priorities):
            for step, (status, offset) in enumerate(
                [
                    (PriorityAction.Status.DONE, -120),
                    (PriorityAction.Status.IN_PROGRESS, -14),
                    (PriorityAction.Status.PLANNED, 60 + number * 10),
                ]
            ):
                services.action_create(
                    actor=SEEDER,
                    priority=priority,
                    description=plan["actions"][number][step],
                    owner="Partnership coordinator" if step else "ACCO co-lead",
                    due_on=today + datetime.timedelta(days=offset),
                    status=status,
                )
        steering = services.tier_create(
            actor=SEEDER,
            partnership=partnership,
            kind=GovernanceTier.Kind.STEERING_GROUP,
            name="Steering group",
        )
        working = services.tier_create(
            actor=SEEDER,
            partnership=partnership,
            kind=GovernanceTier.Kind.WORKING_GROUP,
            name=plan["working_group"],
            priority=priorities[0],
        )
        forum = services.tier_create(
            actor=SEEDER,
            partnership=partnership,
            kind=GovernanceTier.Kind.OPEN_FORUM,
            name="Community forum",
        )
        acco = next(o for o in orgs.values() if o.kind == "acco")
        government = orgs["Territory Families, Housing and Communities (demo)"]
        rows = [
            (steering, "", government, "Regional Executive Director", False, False),
            (steering, "", acco, "Chief Executive", False, True),
            (steering, "Elder H. Demo", None, "Co-chair", True, False),
            (working, "", orgs["Department of Education (demo)"], "Principal", False, False),
            (working, "Parent I. Demo", None, "Parent representative", True, False),
            (forum, "Resident J. Demo", None, "Resident", True, False),
            (forum, "Resident K. Demo", None, "Resident", False, False),
        ]
        for tier, person, organisation, position, community_member, from_acco in rows:
            services.tier_member_add(
                actor=SEEDER,
                tier=tier,
                person_name=person,
                organisation=organisation,
                position=position,
                is_aboriginal_community_member=community_member,
                is_from_acco=from_acco,
                starts_on=started,
            )
        attendance = services.indicator_create(
            actor=SEEDER,
            partnership=partnership,
            name="School attendance",
            definition="Share of enrolled children attending at least 90% of school days.",
            unit="%",
            baseline=Decimal("38"),
            target=Decimal("60"),
            priority=priorities[0],
        )
        incidents = services.indicator_create(
            actor=SEEDER,
            partnership=partnership,
            name="Family violence incidents",
            definition="Family violence incidents reported to police in the month.",
            unit="incidents",
            baseline=Decimal("30"),
            target=Decimal("18"),
            direction=Indicator.Direction.DECREASE,
            priority=priorities[1],
        )
        participation = services.indicator_create(
            actor=SEEDER,
            partnership=partnership,
            name="Aboriginal participation in governance",
            definition="Share of governance members who are Aboriginal community members "
            "or from an ACCO.",
            unit="%",
            target=Decimal("50"),
            source_key="aboriginal_participation_share",
        )
        for month, period_end in enumerate(_monthly_ends(today, 12)):
            services.indicator_value_record(
                actor=SEEDER,
                indicator=attendance,
                period_end=period_end,
                value=Decimal(38 + month * 1.5).quantize(Decimal("0.1")),
                source_note="School census (demo)",
            )
            services.indicator_value_record(
                actor=SEEDER,
                indicator=incidents,
                period_end=period_end,
                value=Decimal(30 - month + (month % 3)),
                source_note="Police data (demo)",
            )
        quarter_ends = _monthly_ends(today, 12)[2::3]
        for quarter_end in quarter_ends:
            services.indicator_compute(
                actor=SEEDER,
                indicator=participation,
                start=quarter_end.replace(day=1) - datetime.timedelta(days=61),
                end=quarter_end,
            )
        for role_title, person in plan["workers"]:
            services.worker_add(
                actor=SEEDER,
                partnership=partnership,
                role_title=role_title,
                person_name=person,
                organisation=acco,
                starts_on=started,
            )
        year = today.year if today.month >= 7 else today.year - 1
        for offset in (1, 0):
            for purpose, amount in plan["funding"]:
                services.investment_record(
                    actor=SEEDER,
                    partnership=partnership,
                    financial_year=year - offset,
                    purpose=purpose,
                    amount=Decimal(amount),
                    funder="NT Government (demo)",
                )
