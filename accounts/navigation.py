"""The navigation each role sees. Entries whose page does not exist yet are skipped."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from partnerships.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]


ANY_ROLE = frozenset(Role.values)

NAV_ITEMS = [
    NavItem("Home", "home", ANY_ROLE),
    NavItem("My caseload", "casework:my_caseload", frozenset({Role.PRACTITIONER})),
    NavItem("Team caseload", "casework:team_caseload", frozenset({Role.TEAM_LEADER})),
    NavItem("Children", "casework:child_list", frozenset({Role.PRACTITIONER, Role.TEAM_LEADER})),
    NavItem(
        "Themes",
        "escalations:theme_list",
        frozenset({Role.COORDINATOR, Role.TEAM_LEADER, Role.PRACTITIONER}),
    ),
    NavItem(
        "Escalations",
        "escalations:escalation_list",
        frozenset({Role.COORDINATOR, Role.TEAM_LEADER}),
    ),
    NavItem(
        "Regional escalations",
        "escalations:regional_list",
        frozenset({Role.OVERSIGHT_MEMBER, Role.OVERSIGHT_COCHAIR, Role.COORDINATOR}),
    ),
    NavItem(
        "Communities",
        "partnerships:community_list",
        frozenset({Role.PRACTITIONER, Role.TEAM_LEADER, Role.COORDINATOR}),
    ),
    NavItem(
        "Oversight Group",
        "oversight:group",
        frozenset({Role.OVERSIGHT_MEMBER, Role.OVERSIGHT_COCHAIR, Role.ADMINISTRATOR}),
    ),
    NavItem(
        "Quarterly reports",
        "oversight:report_list",
        frozenset({Role.OVERSIGHT_MEMBER, Role.OVERSIGHT_COCHAIR}),
    ),
    NavItem("Administration", "partnerships:admin_home", frozenset({Role.ADMINISTRATOR})),
    NavItem("Audit log", "audit:search", frozenset({Role.ADMINISTRATOR})),
]


def nav_for(roles: set[str]) -> list[dict[str, str]]:
    items = []
    for item in NAV_ITEMS:
        if not roles & item.roles:
            continue
        try:
            items.append({"label": item.label, "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue
    return items
