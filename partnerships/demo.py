"""Demo data for the foundation: organisations, partnership members and the demo logins.

Synthetic people only. Other apps add their demo data through ``seed(context)``
functions listed in ``DEMO_SEEDERS``, called in order after this one.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Community, Organisation, Partnership, PartnershipMember, Role
from .services import membership_grant

DEMO_SEEDERS = ["casework.demo", "escalations.demo", "oversight.demo"]

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
        membership_grant(
            actor=None,
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
