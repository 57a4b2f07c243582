"""Routes of the partnerships app: communities, governance, administration."""

from partnerships.models import Membership

from ..factories import (
    GovernanceTierFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InvestmentFactory,
    LocalPriorityFactory,
    PartnershipMemberFactory,
    PartnershipWorkerFactory,
    PriorityActionFactory,
    TierMemberFactory,
)
from . import COMMUNITY_A, Route

# Everyone but the administrator: on another community's records, administration pages
# answer them 404; elsewhere their role is refused (403).
NOT_ADMINISTRATORS = (*COMMUNITY_A, "oversight_member", "cochair")
# Every role of a community reads its Partnership's governance; the coordinator changes it.
NOT_COORDINATORS = ("practitioner_a", "teamleader_a")


# Outsiders of another community's Partnership members: everyone but its administrators.
MEMBER_OUTSIDERS = (*COMMUNITY_A, "oversight_member", "cochair")


def _partnership_member(w, which: str):
    key = f"partnership_member_{which}"
    if key not in w.extra:
        community = w.community_a if which == "a" else w.community_b
        w.extra[key] = PartnershipMemberFactory(partnership=community.partnership)
    return w.extra[key]


def governance(w) -> dict:
    """One of each governance record in community A ("a") and B ("b"), made once per test."""
    if "governance" not in w.extra:
        made = {}
        for key, community in (("a", w.community_a), ("b", w.community_b)):
            partnership = community.partnership
            priority = LocalPriorityFactory(partnership=partnership)
            tier = GovernanceTierFactory(partnership=partnership, priority=priority)
            made[key] = {
                "priority": priority,
                "tier": tier,
                "member": TierMemberFactory(tier=tier, is_from_acco=True),
                "action": PriorityActionFactory(priority=priority),
                "indicator": IndicatorFactory(
                    partnership=partnership, source_key="aboriginal_participation_share"
                ),
                "worker": PartnershipWorkerFactory(partnership=partnership),
                "investment": InvestmentFactory(partnership=partnership),
            }
            made[key]["value"] = IndicatorValueFactory(indicator=made[key]["indicator"])
        w.extra["governance"] = made
    return w.extra["governance"]


def _page(name: str, key: str | None = None, **route) -> tuple[str, Route]:
    """A community page (``slug``), or an object page (``slug`` and ``pk`` of ``key``)."""

    def kwargs(which):
        def make(w):
            community = w.community_a if which == "a" else w.community_b
            found = {"slug": community.slug}
            if key:
                found["pk"] = governance(w)[which][key].pk
            return found

        return make

    route.setdefault("allowed", "practitioner_a")
    if "wrong_role" not in route:
        route["everyone_in_community"] = True
    return name, Route(kwargs=kwargs("a"), foreign_kwargs=kwargs("b"), **route)


def _api(basename: str, key: str, **route) -> dict[str, Route]:
    return {
        # A list shows the records of the caller's communities: none for Territory-wide roles.
        f"{basename}-list": Route(
            allowed="practitioner_a", anonymous="api", everyone_signed_in=True
        ),
        f"{basename}-detail": Route(
            allowed="practitioner_a",
            anonymous="api",
            kwargs=lambda w: {"pk": governance(w)["a"][key].pk},
            foreign_kwargs=lambda w: {"pk": governance(w)["b"][key].pk},
            everyone_in_community=True,
            **route,
        ),
    }


def _membership(w, persona: str) -> dict:
    return {"pk": Membership.objects.get(user=w.users[persona]).pk}


ROUTES = {
    # The caller's own communities: none for Territory-wide roles.
    "partnerships:community_list": Route(allowed="practitioner_a", everyone_signed_in=True),
    **dict(
        [
            _page("partnerships:community_detail"),
            # Administrators read and switch every community's case records.
            _page(
                "partnerships:case_records",
                outsiders=(*COMMUNITY_A, "oversight_member", "cochair"),
            ),
            _page("partnerships:tier_create", allowed="coordinator_a", wrong_role=NOT_COORDINATORS),
            _page("partnerships:tier_detail", "tier"),
            _page("partnerships:priority_list"),
            _page("partnerships:priority_detail", "priority"),
            _page(
                "partnerships:action_update",
                "action",
                allowed="coordinator_a",
                wrong_role=NOT_COORDINATORS,
            ),
            _page("partnerships:dashboard"),
            _page(
                "partnerships:indicator_create",
                allowed="coordinator_a",
                wrong_role=NOT_COORDINATORS,
            ),
            _page("partnerships:indicator_import"),
            _page("partnerships:indicator_detail", "indicator"),
            _page("partnerships:workers"),
            _page("partnerships:investment"),
            # Changing and retiring governance records: coordinators only.
            *(
                _page(
                    f"partnerships:{name}",
                    key,
                    allowed="coordinator_a",
                    wrong_role=NOT_COORDINATORS,
                )
                for key, name in (
                    ("priority", "priority_edit"),
                    ("priority", "priority_retire"),
                    ("indicator", "indicator_edit"),
                    ("indicator", "indicator_retire"),
                    ("worker", "worker_edit"),
                    ("worker", "worker_end"),
                    ("investment", "investment_edit"),
                    ("investment", "investment_withdraw"),
                )
            ),
        ]
    ),
    "partnerships:admin_home": Route(allowed="administrator", wrong_role=NOT_ADMINISTRATORS),
    "partnerships:admin_onboard": Route(allowed="administrator", wrong_role=NOT_ADMINISTRATORS),
    # On community A's records the administration pages refuse A's roles (403); the
    # Territory-wide roles reach no community's records, so they are outsiders there (404).
    "partnerships:admin_access": Route(
        allowed="administrator",
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
        outsiders=NOT_ADMINISTRATORS,
        wrong_role=COMMUNITY_A,
    ),
    "partnerships:admin_membership": Route(
        allowed="administrator",
        kwargs=lambda w: _membership(w, "practitioner_a"),
        foreign_kwargs=lambda w: _membership(w, "practitioner_b"),
        outsiders=NOT_ADMINISTRATORS,
        wrong_role=COMMUNITY_A,
    ),
    "partnerships:admin_user": Route(
        allowed="administrator",
        kwargs=lambda w: {"pk": w.practitioner_a.pk},
        foreign_kwargs=lambda w: {"pk": w.practitioner_b.pk},
        outsiders=NOT_ADMINISTRATORS,
        wrong_role=COMMUNITY_A,
    ),
    "partnerships:password_set": Route(
        allowed=None,
        anonymous="public",
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        outsiders=(),
    ),
    # API
    "community-list": Route(allowed="practitioner_a", anonymous="api", everyone_signed_in=True),
    "community-detail": Route(
        allowed="practitioner_a",
        anonymous="api",
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
        everyone_in_community=True,
    ),
    # Administrators only switch case records: A's roles are refused (403), others 404.
    "community-case-records": Route(
        allowed="administrator",
        anonymous="api",
        method="post",
        data=lambda w: {"keeps_case_records": "false"},
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
        outsiders=NOT_ADMINISTRATORS,
        wrong_role=COMMUNITY_A,
    ),
    **_api("governance-tier", "tier"),
    **_api("tier-member", "member"),
    **_api("priority", "priority"),
    **_api("priority-action", "action", extra_methods=("patch",)),
    **_api("indicator", "indicator"),
    **_api("indicator-value", "value"),
    **_api("partnership-worker", "worker"),
    **_api("investment", "investment"),
    "indicator-compute": Route(
        allowed="coordinator_a",
        anonymous="api",
        method="post",
        expect=201,
        data=lambda w: {"start": "2025-01-01", "end": "2030-12-31"},
        kwargs=lambda w: {"pk": governance(w)["a"]["indicator"].pk},
        foreign_kwargs=lambda w: {"pk": governance(w)["b"]["indicator"].pk},
        wrong_role=NOT_COORDINATORS,
    ),
    # A Partnership's members after onboarding, and its status. Administrators reach every
    # community's members page (they onboard communities and work in none), so they are
    # no outsiders there.
    "partnerships:partnership_members": Route(
        allowed="practitioner_a",
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
        outsiders=MEMBER_OUTSIDERS,
        everyone_in_community=True,
    ),
    "partnerships:partnership_member_end": Route(
        allowed="coordinator_a",
        kwargs=lambda w: {"slug": w.community_a.slug, "pk": _partnership_member(w, "a").pk},
        foreign_kwargs=lambda w: {
            "slug": w.community_b.slug,
            "pk": _partnership_member(w, "b").pk,
        },
        outsiders=MEMBER_OUTSIDERS,
        wrong_role=NOT_COORDINATORS,
    ),
    "partnership-member-list": Route(
        allowed="practitioner_a", anonymous="api", everyone_signed_in=True
    ),
    "partnership-member-detail": Route(
        allowed="practitioner_a",
        anonymous="api",
        kwargs=lambda w: {"pk": _partnership_member(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _partnership_member(w, "b").pk},
        everyone_in_community=True,
    ),
    "partnership-member-end": Route(
        allowed="coordinator_a",
        anonymous="api",
        method="post",
        kwargs=lambda w: {"pk": _partnership_member(w, "a").pk},
        foreign_kwargs=lambda w: {"pk": _partnership_member(w, "b").pk},
        wrong_role=NOT_COORDINATORS,
    ),
    "partnerships:partnership_status": Route(
        allowed="administrator",
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
        outsiders=NOT_ADMINISTRATORS,
        wrong_role=COMMUNITY_A,
    ),
    "partnership-status-list": Route(
        allowed="administrator", anonymous="api", wrong_role=NOT_ADMINISTRATORS
    ),
    "partnership-status-detail": Route(
        allowed="administrator",
        anonymous="api",
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
        outsiders=NOT_ADMINISTRATORS,
        wrong_role=COMMUNITY_A,
    ),
    "partnership-status-status": Route(
        allowed="administrator",
        anonymous="api",
        method="post",
        data=lambda w: {"status": "paused", "reason": "Route check"},
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
        outsiders=NOT_ADMINISTRATORS,
        wrong_role=COMMUNITY_A,
    ),
    "partnerships:tier_member_end": Route(
        allowed="coordinator_a",
        kwargs=lambda w: {
            "slug": w.community_a.slug,
            "pk": governance(w)["a"]["tier"].pk,
            "member_pk": governance(w)["a"]["member"].pk,
        },
        foreign_kwargs=lambda w: {
            "slug": w.community_b.slug,
            "pk": governance(w)["b"]["tier"].pk,
            "member_pk": governance(w)["b"]["member"].pk,
        },
        wrong_role=NOT_COORDINATORS,
    ),
    "partnerships:admin_territory_wide": Route(
        allowed="administrator", wrong_role=NOT_ADMINISTRATORS
    ),
}


def _governance_write(key: str, expect: int) -> Route:
    """A coordinator's POST on one governance record (retire, end); empty bodies."""
    return Route(
        allowed="coordinator_a",
        anonymous="api",
        method="post",
        expect=expect,
        kwargs=lambda w: {"pk": governance(w)["a"][key].pk},
        foreign_kwargs=lambda w: {"pk": governance(w)["b"][key].pk},
        wrong_role=NOT_COORDINATORS,
    )


ROUTES.update(
    {
        # The route's priority has an action not done: retiring it is refused.
        "priority-retire": _governance_write("priority", 400),
        "indicator-retire": _governance_write("indicator", 200),
        "partnership-worker-end": _governance_write("worker", 200),
        # Withdrawing an investment needs a reason.
        "investment-retire": _governance_write("investment", 400),
        "tier-member-end": _governance_write("member", 200),
    }
)
