import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from audit.models import AuditEvent
from core.actors import system_actor
from partnerships import selectors, services
from partnerships.models import GovernanceTier, PriorityAction

from ..factories import (
    GovernanceTierFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InvestmentFactory,
    LocalPriorityFactory,
    OrganisationFactory,
    PartnershipWorkerFactory,
    PriorityActionFactory,
    TierMemberFactory,
)

pytestmark = pytest.mark.django_db

IMPORTER = system_actor("tests:indicator_import")


def _detail(world, name, **kwargs):
    return reverse(f"partnerships:{name}", kwargs={"slug": world.community_a.slug, **kwargs})


# --- Case records setting -------------------------------------------------------------------


def test_casework_communities_leave_out_partnerships_without_case_records(world):
    assert selectors.casework_community_ids(world.practitioner_a) == [world.community_a.pk]
    services.partnership_set_case_records(
        actor=world.administrator,
        partnership=world.community_a.partnership,
        keeps_case_records=False,
    )
    assert selectors.casework_community_ids(world.practitioner_a) == []
    assert selectors.casework_community_ids(world.teamleader_a) == []
    # Another community's partnership is unaffected, and governance stays readable.
    assert selectors.casework_community_ids(world.practitioner_b) == [world.community_b.pk]
    assert selectors.community_ids_in_scope(world.practitioner_a) == [world.community_a.pk]


def test_only_the_communitys_coordinator_or_an_administrator_changes_case_records(world):
    partnership = world.community_a.partnership
    # Administrators only: the community's coordinators no longer switch it (issue #21).
    for actor in (
        world.practitioner_a,
        world.teamleader_a,
        world.coordinator_a,
        world.coordinator_b,
        world.cochair,
    ):
        with pytest.raises(PermissionDenied):
            services.partnership_set_case_records(
                actor=actor, partnership=partnership, keeps_case_records=False
            )
    services.partnership_set_case_records(
        actor=world.administrator, partnership=partnership, keeps_case_records=False
    )
    partnership.refresh_from_db()
    assert partnership.keeps_case_records is False
    event = AuditEvent.objects.get(object_type="partnerships.partnership")
    assert event.detail == {"field": "keeps_case_records", "value": False}


def test_case_records_page(world, client_for):
    url = _detail(world, "case_records")
    assert client_for(world.practitioner_a).post(url, {}).status_code == 403
    assert client_for(world.coordinator_a).post(url, {}).status_code == 403
    response = client_for(world.administrator).post(url, {"confirm": "yes"})
    assert response.status_code == 302
    world.community_a.partnership.refresh_from_db()
    assert world.community_a.partnership.keeps_case_records is False
    page = client_for(world.practitioner_a).get(_detail(world, "community_detail"))
    assert b"not kept" in page.content


# --- Governance tiers and Aboriginal participation ------------------------------------------


def test_aboriginal_participation_counts_active_members_of_each_tier(world):
    partnership = world.community_a.partnership
    today = timezone.localdate()
    steering = GovernanceTierFactory(
        partnership=partnership, kind=GovernanceTier.Kind.STEERING_GROUP, name="Steering"
    )
    forum = GovernanceTierFactory(
        partnership=partnership, kind=GovernanceTier.Kind.OPEN_FORUM, name="Forum"
    )
    GovernanceTierFactory(partnership=partnership, name="Empty group")
    TierMemberFactory(tier=steering, is_aboriginal_community_member=True)
    TierMemberFactory(tier=steering, is_from_acco=True)
    TierMemberFactory(tier=steering)
    # Left yesterday, starts tomorrow: not counted today.
    TierMemberFactory(
        tier=steering, is_from_acco=True, ends_on=today, starts_on=today - datetime.timedelta(9)
    )
    TierMemberFactory(tier=steering, is_from_acco=True, starts_on=today + datetime.timedelta(1))
    TierMemberFactory(tier=forum)
    TierMemberFactory(tier=TierMemberFactory(tier__partnership=world.community_b.partnership).tier)
    with scopes_disabled():
        tiers = {t.name: t for t in selectors.tiers_with_participation(partnership=partnership)}
    assert (tiers["Steering"].member_count, tiers["Steering"].aboriginal_count) == (3, 2)
    assert tiers["Steering"].aboriginal_share == Decimal("66.7")
    assert (tiers["Forum"].aboriginal_count, tiers["Forum"].aboriginal_share) == (0, 0)
    assert tiers["Empty group"].aboriginal_share is None


def test_partnership_page_flags_a_tier_without_aboriginal_members(world, client_for):
    partnership = world.community_a.partnership
    with_acco = GovernanceTierFactory(partnership=partnership, name="With ACCO")
    TierMemberFactory(tier=with_acco, is_from_acco=True)
    TierMemberFactory(tier=GovernanceTierFactory(partnership=partnership, name="Without"))
    page = client_for(world.practitioner_a).get(_detail(world, "community_detail")).content
    assert b"With ACCO" in page and b"100.0%" in page
    assert b'class="participation-none">None' in page


def test_tier_rules(world):
    partnership = world.community_a.partnership
    services.tier_create(
        actor=world.coordinator_a, partnership=partnership, kind="steering_group", name="SG"
    )
    with pytest.raises(ValidationError, match="one steering group"):
        services.tier_create(
            actor=world.coordinator_a, partnership=partnership, kind="steering_group", name="SG2"
        )
    other_priority = LocalPriorityFactory(partnership=world.community_b.partnership)
    with pytest.raises(ValidationError):
        services.tier_create(
            actor=world.coordinator_a,
            partnership=partnership,
            kind="working_group",
            name="WG",
            priority=other_priority,
        )
    with pytest.raises(PermissionDenied):
        services.tier_create(
            actor=world.practitioner_a, partnership=partnership, kind="open_forum", name="F"
        )


def test_tier_member_is_added_with_the_tiers_community(world, client_for):
    tier = GovernanceTierFactory(partnership=world.community_a.partnership)
    url = _detail(world, "tier_detail", pk=tier.pk)
    data = {
        "person_name": "Elder Z",
        "position": "Co-chair",
        "is_aboriginal_community_member": "on",
        "starts_on": "2025-01-01",
    }
    assert client_for(world.practitioner_a).post(url, data).status_code == 403
    assert client_for(world.coordinator_a).post(url, data).status_code == 302
    with scopes_disabled():
        member = tier.members.get()
    assert member.community_id == world.community_a.pk
    assert member.is_aboriginal_participant


def test_tier_member_needs_a_name_or_organisation(world, client_for):
    tier = GovernanceTierFactory(partnership=world.community_a.partnership)
    response = client_for(world.coordinator_a).post(
        _detail(world, "tier_detail", pk=tier.pk), {"position": "Typed", "starts_on": "2025-01-01"}
    )
    assert response.status_code == 200
    assert b"Name the organisation or the person." in response.content
    assert b'value="Typed"' in response.content


# --- Priorities and actions -----------------------------------------------------------------


def test_action_is_overdue_only_when_past_due_and_not_done(world):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    assert PriorityActionFactory(due_on=yesterday).is_overdue()
    assert not PriorityActionFactory(due_on=today).is_overdue()
    assert not PriorityActionFactory(
        due_on=yesterday, status="done", completed_on=today
    ).is_overdue()


def test_action_update_records_completion(world):
    action = PriorityActionFactory(priority__partnership=world.community_a.partnership)
    services.action_update(actor=world.coordinator_a, action=action, status="done")
    assert action.completed_on == timezone.localdate()
    services.action_update(actor=world.coordinator_a, action=action, status="in_progress")
    assert action.completed_on is None


def test_priority_pages_show_overdue_actions(world, client_for):
    priority = LocalPriorityFactory(partnership=world.community_a.partnership, title="Safe homes")
    PriorityActionFactory(priority=priority, due_on=timezone.localdate() - datetime.timedelta(3))
    client = client_for(world.practitioner_a)
    assert b"1 overdue" in client.get(_detail(world, "priority_list")).content
    assert b"Overdue" in client.get(_detail(world, "priority_detail", pk=priority.pk)).content


def test_coordinator_adds_a_priority_and_an_action(world, client_for):
    client = client_for(world.coordinator_a)
    response = client.post(
        _detail(world, "priority_list"), {"title": "On Country", "area": "local"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        priority = world.community_a.partnership.priorities.get()
    response = client.post(
        _detail(world, "priority_detail", pk=priority.pk),
        {"description": "Camp", "owner": "ACCO", "due_on": "2030-01-01", "status": "planned"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert priority.actions.get().community_id == world.community_a.pk


# --- Workers and investment -----------------------------------------------------------------


def test_worker_and_investment_are_recorded_for_the_partnership(world, client_for):
    client = client_for(world.coordinator_a)
    assert (
        client.post(
            _detail(world, "workers"),
            {"role_title": "Family connector", "person_name": "W", "starts_on": "2025-07-01"},
        ).status_code
        == 302
    )
    response = client.post(
        _detail(world, "investment"),
        {"financial_year": "2025", "purpose": "Backbone", "amount": "1234.50"},
    )
    assert response.status_code == 302
    page = client.get(_detail(world, "investment")).content.decode()
    assert "2025–26" in page and "$1,234.50" in page
    response = client.post(
        _detail(world, "investment"),
        {"financial_year": "2025", "purpose": "Refund", "amount": "-1"},
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()


# --- Figures for the quarterly report -------------------------------------------------------


def test_partnership_figures_for_report_are_de_identified_counts(world):
    partnership = world.community_a.partnership
    steering = GovernanceTierFactory(
        partnership=partnership, kind=GovernanceTier.Kind.STEERING_GROUP, name="Steering"
    )
    TierMemberFactory(tier=steering, person_name="Secret Elder Name", is_from_acco=True)
    TierMemberFactory(tier=steering, person_name="Another Person")
    priority = LocalPriorityFactory(partnership=partnership, area="learning_development")
    quarter_start, quarter_end = datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)
    PriorityActionFactory(priority=priority, due_on=datetime.date(2025, 8, 1))  # overdue
    PriorityActionFactory(
        priority=priority, due_on=datetime.date(2025, 8, 1), status="done", completed_on=quarter_end
    )
    PriorityActionFactory(priority=priority, due_on=datetime.date(2026, 1, 1))
    indicator = IndicatorFactory(partnership=partnership, name="Attendance", target=Decimal("50"))
    IndicatorValueFactory(indicator=indicator, period_end=datetime.date(2025, 8, 31), value=55)
    IndicatorValueFactory(indicator=indicator, period_end=datetime.date(2025, 10, 31), value=10)
    InvestmentFactory(partnership=partnership, financial_year=2025, purpose="Backbone", amount=100)
    InvestmentFactory(partnership=partnership, financial_year=2025, purpose="Backbone", amount=50)
    InvestmentFactory(partnership=partnership, financial_year=2024, purpose="Old", amount=999)
    PartnershipWorkerFactory(partnership=partnership, person_name="Worker Name")
    # Another partnership's data must not count.
    InvestmentFactory(partnership=world.community_b.partnership, financial_year=2025, amount=7)

    figures = selectors.partnership_figures_for_report(partnership, quarter_start, quarter_end)

    assert figures["tiers"] == [
        {
            "kind": "steering_group",
            "name": "Steering",
            "members": 2,
            "aboriginal_members": 1,
            "aboriginal_share": Decimal("50.0"),
        }
    ]
    assert figures["priorities"] == {"total": 1, "by_area": {"learning_development": 1}}
    assert figures["actions"] == {
        "total": 3,
        "by_status": {"done": 1, "planned": 2},
        "overdue": 1,
    }
    [attendance] = figures["indicators"]
    assert attendance["latest_value"] == Decimal("55.00")
    assert attendance["meets_target"] is True
    assert figures["investment"] == {
        "financial_year": "2025–26",
        "total": Decimal("150.00"),
        "by_purpose": {"Backbone": Decimal("150.00")},
    }
    assert figures["workers"] == 1
    text = str(figures)
    for name in ("Secret Elder Name", "Another Person", "Worker Name"):
        assert name not in text


# --- Who may see what -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["community_detail", "dashboard", "priority_list", "workers", "investment"]
)
def test_oversight_and_administrators_do_not_reach_governance_pages(world, client_for, page):
    for persona in ("oversight_member", "cochair", "administrator", "practitioner_b"):
        response = client_for(world.users[persona]).get(_detail(world, page))
        assert response.status_code == 404, persona


def test_readers_see_no_editing_forms(world, client_for):
    page = client_for(world.teamleader_a).get(_detail(world, "priority_list")).content
    assert b"Add a priority" not in page
    page = client_for(world.coordinator_a).get(_detail(world, "priority_list")).content
    assert b"Add a priority" in page


def test_organisation_choice_is_shared_reference_data(world):
    # Organisations are Territory-wide reference data, not a community's records.
    organisation = OrganisationFactory()
    member = services.tier_member_add(
        actor=world.coordinator_a,
        tier=GovernanceTierFactory(partnership=world.community_a.partnership),
        organisation=organisation,
        is_from_acco=True,
    )
    assert str(member) == organisation.name
    assert PriorityAction.Status.DONE == "done"


def test_a_member_leaves_a_tier_and_stops_counting(world, client_for):
    tier = GovernanceTierFactory(partnership=world.community_a.partnership)
    member = TierMemberFactory(tier=tier, is_from_acco=True)
    other_tier_member = TierMemberFactory(tier__partnership=world.community_b.partnership)
    url = _detail(world, "tier_detail", pk=tier.pk)
    assert client_for(world.practitioner_a).post(url, {"end_member": member.pk}).status_code == 403
    client = client_for(world.coordinator_a)
    # A member of another tier (here: another community's) is not found through this tier.
    assert client.post(url, {"end_member": other_tier_member.pk}).status_code == 404
    assert client.post(url, {"end_member": "x"}).status_code == 404
    assert client.post(url, {"end_member": member.pk}).status_code == 302
    member.refresh_from_db()
    assert member.ends_on == timezone.localdate()
    with scopes_disabled():
        [counted] = selectors.tiers_with_participation(partnership=world.community_a.partnership)
    assert counted.member_count == 0
