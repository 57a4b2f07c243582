"""The Oversight Group's rules at their edges, through the one service that enforces them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from oversight import rules, services
from oversight.quarters import Quarter
from oversight.selectors import composition_for
from partnerships.models import Organisation

from ..factories import OrganisationFactory, OversightGroupFactory, OversightMemberFactory

# The personas are built once for the module (tests/conftest.py: module_world).
SHARED_WORLD = True

Kind = Organisation.Kind
START = datetime.date(2025, 7, 1)


def seats(accos, others, chairs=(Kind.GOVERNMENT_AGENCY, Kind.ACCO)):
    """``accos`` ACCO seats and ``others`` NGO seats, plus two co-chair seats of ``chairs``."""
    result = [rules.Seat(kind, True) for kind in chairs]
    result += [rules.Seat(Kind.ACCO)] * accos + [rules.Seat(Kind.NGO)] * others
    return result


@pytest.mark.parametrize(
    ("accos", "total", "holds"),
    [(49, 100, False), (50, 100, True), (51, 100, True), (4, 9, False), (1, 2, True)],
)
def test_acco_share_edges(accos, total, holds):
    composition = [rules.Seat(Kind.ACCO)] * accos + [rules.Seat(Kind.NGO)] * (total - accos)
    result = rules.acco_share_rule(composition)
    assert result.holds is holds
    if not holds:
        assert f"{accos} of {total} members" in result.message
        assert "add" in result.message.lower()


def test_acco_share_message_says_why_and_the_fix():
    composition = [rules.Seat(Kind.ACCO)] * 4 + [rules.Seat(Kind.NGO)] * 5
    message = rules.acco_share_rule(composition).message
    assert message.startswith("This would leave 4 of 9 members (44%) as ACCOs")
    assert "Add 1 ACCO member first" in message


def test_peak_bodies_do_not_count_towards_the_acco_share():
    composition = [rules.Seat(Kind.ABORIGINAL_PEAK_BODY)] * 2 + [rules.Seat(Kind.ACCO)] * 1
    composition += [rules.Seat(Kind.GOVERNMENT_AGENCY)] * 2
    assert not rules.acco_share_rule(composition).holds


@pytest.mark.parametrize(
    ("chairs", "holds"),
    [
        ((Kind.GOVERNMENT_AGENCY, Kind.ACCO), True),
        ((Kind.GOVERNMENT_AGENCY, Kind.ABORIGINAL_PEAK_BODY), True),
        ((Kind.GOVERNMENT_AGENCY, Kind.GOVERNMENT_AGENCY), False),
        ((Kind.ACCO, Kind.ABORIGINAL_PEAK_BODY), False),
        ((Kind.GOVERNMENT_AGENCY, Kind.NGO), False),
        ((Kind.GOVERNMENT_AGENCY,), False),
        ((Kind.GOVERNMENT_AGENCY, Kind.ACCO, Kind.ACCO), False),
        ((), False),
    ],
)
def test_co_chair_pairs(chairs, holds):
    result = rules.co_chair_rule([rules.Seat(kind, True) for kind in chairs])
    assert result.holds is holds
    assert result.message


def _constituted_group(accos=3, ngos=1):
    group = OversightGroupFactory(constituted_on=START)
    gov = OrganisationFactory(kind=Kind.GOVERNMENT_AGENCY)
    OversightMemberFactory(group=group, organisation=gov, is_co_chair=True)
    chair = OversightMemberFactory(group=group, is_co_chair=True)
    members = [OversightMemberFactory(group=group) for _ in range(accos - 1)]
    for _ in range(ngos):
        OversightMemberFactory(group=group, organisation=OrganisationFactory(kind=Kind.NGO))
    return group, chair, members


@pytest.mark.django_db
def test_adding_a_non_acco_that_would_break_the_share_is_refused(world):
    # 3 ACCOs of 6 (50%): one more NGO would make 3 of 7 (42%).
    group, _chair, _ = _constituted_group(accos=3, ngos=2)
    assert all(r.holds for r in composition_for(group))
    with pytest.raises(ValidationError) as refused:
        services.oversight_member_add(
            actor=world.cochair,
            group=group,
            organisation=OrganisationFactory(kind=Kind.NGO),
            service_area="health",
            representative_name="New member",
            term_starts_on=START,
        )
    assert "3 of 7 members (42%)" in refused.value.messages[0]
    assert group.members.count() == 6


@pytest.mark.django_db
def test_ending_an_acco_member_that_would_break_the_share_is_refused(world):
    group, _chair, members = _constituted_group(accos=3, ngos=2)
    with pytest.raises(ValidationError):
        services.oversight_member_end(actor=world.cochair, member=members[0], last_day=START)
    members[0].refresh_from_db()
    assert members[0].term_ends_on is None


@pytest.mark.django_db
def test_changing_a_co_chairs_organisation_kind_is_checked(world):
    group, chair, _ = _constituted_group(accos=4, ngos=1)
    with pytest.raises(ValidationError) as refused:
        services.oversight_member_update(
            actor=world.cochair,
            member=chair,
            organisation=OrganisationFactory(kind=Kind.GOVERNMENT_AGENCY),
        )
    assert "Both co-chairs would be government agencies" in " ".join(refused.value.messages)


@pytest.mark.django_db
def test_a_third_co_chair_is_refused_but_a_swap_in_one_step_works(world):
    group, chair, members = _constituted_group(accos=4, ngos=0)
    with pytest.raises(ValidationError):
        services.oversight_member_update(actor=world.cochair, member=members[0], is_co_chair=True)
    gov = group.members.get(organisation__kind=Kind.GOVERNMENT_AGENCY)
    services.oversight_co_chairs_set(actor=world.cochair, group=group, members=[gov, members[0]])
    chair.refresh_from_db()
    assert not chair.is_co_chair
    assert set(group.members.filter(is_co_chair=True)) == {gov, members[0]}


@pytest.mark.django_db
def test_a_group_is_built_up_freely_and_constituted_only_when_the_rules_hold(world):
    group = OversightGroupFactory()
    services.oversight_member_add(
        actor=world.administrator,
        group=group,
        organisation=OrganisationFactory(kind=Kind.NGO),
        service_area="health",
        representative_name="First member",
        term_starts_on=START,
    )
    with pytest.raises(ValidationError) as refused:
        services.oversight_group_constitute(actor=world.administrator, group=group)
    assert "cannot be constituted" in refused.value.messages[0]
    group.refresh_from_db()
    assert not group.is_constituted


@pytest.mark.django_db
def test_only_administrators_and_co_chairs_change_the_group(world):
    group = OversightGroupFactory()
    with pytest.raises(PermissionDenied):
        services.oversight_member_add(
            actor=world.oversight_member,
            group=group,
            organisation=OrganisationFactory(kind=Kind.ACCO),
            service_area="health",
            representative_name="Someone",
            term_starts_on=START,
        )


@pytest.mark.parametrize("text", ["2026-27Q2", "2026-27 Q2", " 2026-27 q2 "])
def test_quarter_parsing(text):
    quarter = Quarter.parse(text)
    assert quarter.label == "2026-27 Q2"
    assert quarter.start == datetime.date(2026, 10, 1)
    assert quarter.end == datetime.date(2026, 12, 31)


def test_quarter_edges_and_previous():
    assert Quarter.parse("2026-27 Q1").previous().label == "2025-26 Q4"
    assert Quarter.parse("2025-26 Q4").end == datetime.date(2026, 6, 30)
    assert Quarter.parse("2026-27 Q3").start == datetime.date(2027, 1, 1)
    assert Quarter.parse("2026-27 Q3").end == datetime.date(2027, 3, 31)
    assert Quarter.containing(datetime.date(2026, 6, 30)).label == "2025-26 Q4"
    assert Quarter.containing(datetime.date(2026, 7, 1)).label == "2026-27 Q1"
    assert Quarter.parse("2025-26 Q4").next().label == "2026-27 Q1"
    for bad in ["2026-28 Q2", "2026 Q2", "2026-27 Q5", ""]:
        with pytest.raises(ValidationError):
            Quarter.parse(bad)
