import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from escalations import services
from escalations.metrics import escalations_resolved_count
from escalations.models import Escalation, Theme
from escalations.selectors import regional_escalations

from ..factories import ChildFactory, EscalationFactory, FamilyFactory, ThemeFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

pytestmark = pytest.mark.django_db

S = Escalation.Status


def _theme_kwargs(**extra):
    return {
        "title": "School attendance",
        "category": Theme.Category.SCHOOL_ENGAGEMENT,
        "description": "Children not at school.",
        "identified_on": datetime.date(2026, 10, 1),
        **extra,
    }


def test_a_theme_needs_two_children_or_families_of_its_community(world):
    child = ChildFactory(community=world.community_a)
    family = FamilyFactory(community=world.community_a)
    with pytest.raises(ValidationError):
        services.theme_create(
            actor=world.teamleader_a,
            community=world.community_a,
            **_theme_kwargs(child_ids=[child.pk]),
        )
    theme = services.theme_create(
        actor=world.teamleader_a,
        community=world.community_a,
        **_theme_kwargs(child_ids=[child.pk], family_ids=[family.pk]),
    )
    assert theme.community == world.community_a


def test_only_casework_staff_link_children_and_families(world):
    """A coordinator sees a theme's count of links, never who: so links nobody, on every
    entry point (the rule is the service's), but records a theme seen across families."""
    children = [ChildFactory(community=world.community_a).pk for _ in range(2)]
    with pytest.raises(ValidationError) as refused:
        services.theme_create(
            actor=world.coordinator_a,
            community=world.community_a,
            **_theme_kwargs(child_ids=children),
        )
    assert "casework staff" in refused.value.message_dict["children"][0]
    counted = services.theme_create(
        actor=world.coordinator_a,
        community=world.community_a,
        **_theme_kwargs(seen_across=4),
    )
    fields = {
        "title": "Crowding, renamed",
        "category": counted.category,
        "description": counted.description,
        "identified_on": counted.identified_on,
        "status": counted.status,
        "family_ids": [],
    }
    with pytest.raises(ValidationError):
        services.theme_update(
            actor=world.coordinator_a, theme=counted, child_ids=children, **fields
        )
    linked = services.theme_create(
        actor=world.teamleader_a,
        community=world.community_a,
        **_theme_kwargs(child_ids=children),
    )
    # The same links kept while the coordinator renames it: allowed.
    renamed = services.theme_update(
        actor=world.coordinator_a, theme=linked, child_ids=children, **fields
    )
    assert renamed.title == "Crowding, renamed"


def test_another_communitys_child_is_not_found(world):
    mine = ChildFactory(community=world.community_a)
    theirs = ChildFactory(community=world.community_b)
    with pytest.raises(ValidationError) as refused:
        services.theme_create(
            actor=world.coordinator_a,
            community=world.community_a,
            **_theme_kwargs(child_ids=[mine.pk, theirs.pk]),
        )
    assert refused.value.message_dict["children"] == ["A child was not found."]
    with pytest.raises(ValidationError) as made_up:
        services.theme_create(
            actor=world.coordinator_a,
            community=world.community_a,
            **_theme_kwargs(child_ids=[mine.pk, 987654]),
        )
    assert made_up.value.message_dict == refused.value.message_dict


def test_only_the_coordinator_and_team_leader_record_themes(world):
    children = ChildFactory.create_batch(2, community=world.community_a)
    ids = [c.pk for c in children]
    for persona in ("practitioner_a", "coordinator_b", "oversight_member"):
        with pytest.raises(PermissionDenied):
            services.theme_create(
                actor=world.users[persona],
                community=world.community_a,
                **_theme_kwargs(child_ids=ids),
            )


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([S.ACKNOWLEDGED, S.IN_PROGRESS, S.RESOLVED], True),
        ([S.ACKNOWLEDGED, S.RESOLVED], True),
        ([S.DECLINED], True),
        ([S.IN_PROGRESS], False),
        ([S.RESOLVED], False),
        ([S.ACKNOWLEDGED, S.RAISED], False),
        ([S.DECLINED, S.ACKNOWLEDGED], False),
        ([S.ACKNOWLEDGED, S.IN_PROGRESS, S.RESOLVED, S.IN_PROGRESS], False),
    ],
)
def test_escalation_transitions(world, path, allowed):
    escalation = EscalationFactory(theme=ThemeFactory(community=world.community_a))
    on = escalation.raised_on
    try:
        for status in path:
            services.escalation_change_status(
                actor=world.coordinator_a, escalation=escalation, status=status, on=on
            )
    except ValidationError as exc:
        assert not allowed, exc
        assert "cannot become" in exc.messages[0]
    else:
        assert allowed
        assert escalation.status == path[-1]


def test_overdue_when_not_acknowledged_within_the_setting(world, settings):
    settings.CWSP_ESCALATION_ACK_DAYS = 14
    escalation = EscalationFactory(
        theme=ThemeFactory(community=world.community_a), raised_on=datetime.date(2026, 10, 1)
    )
    assert not escalation.is_overdue(datetime.date(2026, 10, 15))
    assert escalation.is_overdue(datetime.date(2026, 10, 16))
    services.escalation_change_status(
        actor=world.coordinator_a,
        escalation=escalation,
        status=S.ACKNOWLEDGED,
        on=datetime.date(2026, 10, 16),
    )
    assert not escalation.is_overdue(datetime.date(2026, 12, 1))


def test_every_regional_escalation_is_in_the_regional_list_without_names(world):
    child = ChildFactory(community=world.community_b, given_name="Quendolyn")
    theme = ThemeFactory(
        community=world.community_b, linked=[child, ChildFactory(community=world.community_b)]
    )
    regional = EscalationFactory(theme=theme, level=Escalation.Level.REGIONAL)
    EscalationFactory(theme=theme, level=Escalation.Level.COMMUNITY)
    rows = regional_escalations()
    assert [row["reference"] for row in rows] == [f"E-{regional.pk}"]
    assert "Quendolyn" not in str(rows)
    assert theme.title not in str(rows)


def test_community_escalation_cannot_be_raised_by_another_community(world):
    theme = ThemeFactory(community=world.community_b)
    with pytest.raises(PermissionDenied):
        services.escalation_raise(
            actor=world.coordinator_a,
            theme=theme,
            level=Escalation.Level.REGIONAL,
            body="Anyone",
            requested_action="Anything",
            raised_on=timezone.localdate(),
        )


def test_escalations_resolved_count_counts_the_period_and_community(world):
    theme = ThemeFactory(community=world.community_a)
    for closed_on in (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)):
        escalation = EscalationFactory(theme=theme, raised_on=datetime.date(2026, 9, 1))
        for status in (S.ACKNOWLEDGED, S.RESOLVED):
            services.escalation_change_status(
                actor=world.coordinator_a, escalation=escalation, status=status, on=closed_on
            )
    declined = EscalationFactory(theme=theme, raised_on=datetime.date(2026, 9, 1))
    services.escalation_change_status(
        actor=world.coordinator_a,
        escalation=declined,
        status=S.DECLINED,
        on=datetime.date(2026, 11, 1),
    )
    start, end = datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)
    assert escalations_resolved_count(world.community_a.pk, start, end) == Decimal(2)
    assert escalations_resolved_count(world.community_a.pk, start, end - datetime.timedelta(1)) == 1
    assert escalations_resolved_count(world.community_b.pk, start, end) == 0
