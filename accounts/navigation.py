"""The navigation each role sees. Entries whose page does not exist yet are skipped."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from partnerships.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]


ANY_ROLE = frozenset(Role.values)

NAV_ITEMS = [
    NavItem(_("Home"), "home", ANY_ROLE),
    NavItem(_("My caseload"), "casework:my_caseload", frozenset({Role.PRACTITIONER})),
    NavItem(_("Team caseload"), "casework:team_caseload", frozenset({Role.TEAM_LEADER})),
    NavItem(_("Children"), "casework:child_list", frozenset({Role.PRACTITIONER, Role.TEAM_LEADER})),
    NavItem(
        _("Themes"),
        "escalations:theme_list",
        frozenset({Role.COORDINATOR, Role.TEAM_LEADER, Role.PRACTITIONER}),
    ),
    NavItem(
        _("Escalations"),
        "escalations:escalation_list",
        frozenset({Role.COORDINATOR, Role.TEAM_LEADER}),
    ),
    NavItem(
        _("Regional escalations"),
        "escalations:regional_list",
        frozenset({Role.OVERSIGHT_MEMBER, Role.OVERSIGHT_COCHAIR, Role.COORDINATOR}),
    ),
    NavItem(
        _("Communities"),
        "partnerships:community_list",
        frozenset({Role.PRACTITIONER, Role.TEAM_LEADER, Role.COORDINATOR}),
    ),
    NavItem(
        _("Oversight Group"),
        "oversight:group",
        frozenset({Role.OVERSIGHT_MEMBER, Role.OVERSIGHT_COCHAIR, Role.ADMINISTRATOR}),
    ),
    NavItem(
        _("Quarterly reports"),
        "oversight:report_list",
        frozenset({Role.OVERSIGHT_MEMBER, Role.OVERSIGHT_COCHAIR}),
    ),
    NavItem(_("Administration"), "partnerships:admin_home", frozenset({Role.ADMINISTRATOR})),
    NavItem(_("Audit log"), "audit:search", frozenset({Role.ADMINISTRATOR})),
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
