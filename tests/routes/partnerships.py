"""Routes of the partnerships app: communities, governance, administration."""

from partnerships.models import Membership

from ..factories import (
    GovernanceTierFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InvestmentFactory,
    LocalPriorityFactory,
    PartnershipWorkerFactory,
    PriorityActionFactory,
    TierMemberFactory,
)
from . import Route

# Everyone but the administrator: administration pages answer them 404.
NOT_ADMINISTRATORS = (
    "practitioner_a",
    "teamleader_a",
    "coordinator_a",
    "oversight_member",
    "cochair",
)


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
    return name, Route(kwargs=kwargs("a"), foreign_kwargs=kwargs("b"), **route)


def _api(basename: str, key: str, **route) -> dict[str, Route]:
    return {
        f"{basename}-list": Route(allowed="practitioner_a", anonymous="api"),
        f"{basename}-detail": Route(
            allowed="practitioner_a",
            anonymous="api",
            kwargs=lambda w: {"pk": governance(w)["a"][key].pk},
            foreign_kwargs=lambda w: {"pk": governance(w)["b"][key].pk},
            **route,
        ),
    }


def _membership(w, persona: str) -> dict:
    return {"pk": Membership.objects.get(user=w.users[persona]).pk}


ROUTES = {
    "partnerships:community_list": Route(allowed="practitioner_a"),
    **dict(
        [
            _page("partnerships:community_detail"),
            _page("partnerships:case_records"),
            _page("partnerships:tier_create", allowed="coordinator_a"),
            _page("partnerships:tier_detail", "tier"),
            _page("partnerships:priority_list"),
            _page("partnerships:priority_detail", "priority"),
            _page("partnerships:action_update", "action", allowed="coordinator_a"),
            _page("partnerships:dashboard"),
            _page("partnerships:indicator_create", allowed="coordinator_a"),
            _page("partnerships:indicator_import"),
            _page("partnerships:indicator_detail", "indicator"),
            _page("partnerships:workers"),
            _page("partnerships:investment"),
        ]
    ),
    "partnerships:admin_home": Route(allowed="administrator"),
    "partnerships:admin_onboard": Route(allowed="administrator"),
    "partnerships:admin_access": Route(
        allowed="administrator",
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
        outsiders=NOT_ADMINISTRATORS,
    ),
    "partnerships:admin_membership": Route(
        allowed="administrator",
        kwargs=lambda w: _membership(w, "practitioner_a"),
        foreign_kwargs=lambda w: _membership(w, "practitioner_b"),
        outsiders=NOT_ADMINISTRATORS,
    ),
    "partnerships:admin_user": Route(
        allowed="administrator",
        kwargs=lambda w: {"pk": w.practitioner_a.pk},
        foreign_kwargs=lambda w: {"pk": w.practitioner_b.pk},
        outsiders=NOT_ADMINISTRATORS,
    ),
    "partnerships:password_set": Route(
        allowed=None,
        anonymous="public",
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        outsiders=(),
    ),
    # API
    "community-list": Route(allowed="practitioner_a", anonymous="api"),
    "community-detail": Route(
        allowed="practitioner_a",
        anonymous="api",
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
    ),
    "community-case-records": Route(
        allowed="coordinator_a",
        anonymous="api",
        method="post",
        data=lambda w: {"keeps_case_records": "false"},
        kwargs=lambda w: {"slug": w.community_a.slug},
        foreign_kwargs=lambda w: {"slug": w.community_b.slug},
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
    ),
}
