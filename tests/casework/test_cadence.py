"""Contact cadence: the six-week minimum that cannot be loosened, a Partnership's and a
team leader's stricter cadence at its due-soon and overdue edges, and its history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import rules
from casework.cadence import cadence_in_force
from casework.models import Case, RecordChange, RiskLevel
from casework.services import risk_assessment_record
from casework.services.cadence import cadence_rule_remove, cadence_rule_set, case_cadence_set
from tests.factories import CaseFactory, ContactFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def _seen(case, day):
    ContactFactory(
        case=case,
        kind="f2f_practitioner",
        occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
    )


def _reload(case):
    with scopes_disabled():
        return Case.objects.get(pk=case.pk)


# --- the rule, pure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "window"), [(None, 7), (42, 7), (21, 7), (20, 6), (14, 4), (7, 2), (2, 1), (1, 1)]
)
def test_due_soon_window_shrinks_with_a_stricter_cadence(cadence, window):
    assert rules.due_soon_days(cadence) == window


@pytest.mark.parametrize(
    ("days_since_contact", "status"),
    [
        (4, rules.ContactStatus.ON_TRACK),
        (5, rules.ContactStatus.DUE_SOON),  # two days before the 7th day
        (7, rules.ContactStatus.DUE_SOON),  # the due day itself
        (8, rules.ContactStatus.OVERDUE),
    ],
)
def test_weekly_cadence_due_soon_and_overdue_edges(days_since_contact, status):
    last = TODAY - datetime.timedelta(days=days_since_contact)
    due = last + datetime.timedelta(days=7)
    assert rules.contact_status(due, TODAY, 7) == status


def test_in_care_exactly_42_days_may_be_set_and_43_is_refused():
    assert rules.cadence_refusal(kind="in_care", cadence_days=42) is None
    assert "cannot be loosened" in rules.cadence_refusal(kind="in_care", cadence_days=43)
    assert rules.cadence_refusal(kind="in_care", cadence_days=0)
    assert rules.cadence_refusal(kind="strengthening_families", cadence_days=91) is None
    assert rules.cadence_refusal(kind="strengthening_families", cadence_days=92)


def test_strictest_cadence_wins_and_names_who_set_it():
    assert rules.strictest_cadence(kind="in_care", partnership_days=None, case_days=None) == (
        42,
        "policy",
    )
    assert rules.strictest_cadence(kind="in_care", partnership_days=28, case_days=14) == (
        14,
        "case",
    )
    assert rules.strictest_cadence(
        kind="strengthening_families", partnership_days=None, case_days=None
    ) == (None, "")


# --- services ------------------------------------------------------------------------------


def test_in_care_at_exactly_42_days_is_due_soon_and_not_overdue(world):
    today = timezone.localdate()
    case = CaseFactory(
        child__community=world.community_a, opened_on=today - datetime.timedelta(days=90)
    )
    _seen(case, today - datetime.timedelta(days=42))
    case = _reload(case)
    with scopes_disabled():
        case.refresh_from_db()
    assert case.contact_cadence_days == 42
    assert case.contact_status(today) == rules.ContactStatus.DUE_SOON
    with scopes_disabled():
        assert Case.objects.filter(pk=case.pk).contact_overdue(today).count() == 0
        assert Case.objects.filter(pk=case.pk).contact_due_soon(today).count() == 1


def test_partnership_cannot_loosen_the_in_care_minimum(world):
    leader = world.users["teamleader_a"]
    with pytest.raises(ValidationError) as refused:
        cadence_rule_set(
            actor=leader,
            community=world.community_a,
            kind=Case.Kind.IN_CARE,
            risk_level="",
            cadence_days=43,
        )
    assert "cannot be loosened" in str(refused.value.message_dict["cadence_days"])
    rule = cadence_rule_set(
        actor=leader,
        community=world.community_a,
        kind=Case.Kind.IN_CARE,
        risk_level="",
        cadence_days=42,
    )
    assert rule.cadence_days == 42


def test_a_practitioner_cannot_set_the_partnerships_cadence(world):
    with pytest.raises(PermissionDenied):
        cadence_rule_set(
            actor=world.users["practitioner_a"],
            community=world.community_a,
            kind=Case.Kind.IN_CARE,
            risk_level="",
            cadence_days=28,
        )


def test_partnership_weekly_cadence_for_very_high_risk_family_cases(world):
    today = timezone.localdate()
    sf = CaseFactory(
        child__community=world.community_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        risk_level=RiskLevel.VERY_HIGH,
        opened_on=today - datetime.timedelta(days=30),
    )
    low = CaseFactory(
        child__community=world.community_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        risk_level=RiskLevel.LOW,
        opened_on=today - datetime.timedelta(days=30),
    )
    _seen(sf, today - datetime.timedelta(days=5))
    assert _reload(sf).next_contact_due_on is None  # no cadence yet for family cases
    cadence_rule_set(
        actor=world.users["coordinator_a"],
        community=world.community_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        risk_level=RiskLevel.VERY_HIGH,
        cadence_days=7,
        reason="Very high risk: weekly.",
    )
    sf, low = _reload(sf), _reload(low)
    assert sf.contact_cadence_days == 7
    assert sf.next_contact_due_on == today + datetime.timedelta(days=2)
    assert sf.contact_status(today) == rules.ContactStatus.DUE_SOON
    assert low.next_contact_due_on is None and low.contact_status(today) is None
    with scopes_disabled():
        in_force = cadence_in_force(sf)
        assert (in_force.days, in_force.source, in_force.set_by) == (
            7,
            "partnership",
            "coordinator_a",
        )
        # The SQL status agrees with the rule, day by day around the edges.
        for offset in range(-3, 10):
            day = today + datetime.timedelta(days=offset)
            expected = sf.contact_status(day)
            found = {
                status
                for status in rules.ContactStatus.values
                if Case.objects.filter(pk=sf.pk).with_contact_status(status, day).exists()
            }
            assert found == {expected}, (offset, found, expected)
    cadence_rule_remove(actor=world.users["teamleader_a"], rule=sf_rule(world))
    assert _reload(sf).next_contact_due_on is None


def sf_rule(world):
    from casework.models import CadenceRule  # noqa: PLC0415 — read under the test's own scope

    with scopes_disabled():
        return CadenceRule.objects.get(community=world.community_a)


def test_a_new_risk_level_brings_the_partnerships_cadence_for_it(world):
    today = timezone.localdate()
    cadence_rule_set(
        actor=world.users["teamleader_a"],
        community=world.community_a,
        kind=Case.Kind.IN_CARE,
        risk_level=RiskLevel.VERY_HIGH,
        cadence_days=14,
    )
    case = CaseFactory(
        child__community=world.community_a, opened_on=today - datetime.timedelta(days=3)
    )
    assert _reload(case).contact_cadence_days == 42
    risk_assessment_record(
        actor=world.users["practitioner_a"],
        case=_reload(case),
        assessed_on=today,
        level=RiskLevel.VERY_HIGH,
        next_reassessment_due_on=today + datetime.timedelta(days=30),
    )
    case = _reload(case)
    assert case.contact_cadence_days == 14
    assert case.next_contact_due_on == case.opened_on + datetime.timedelta(days=14)


def test_team_leader_sets_a_stricter_cadence_with_history_and_cannot_loosen(world):
    today = timezone.localdate()
    case = CaseFactory(
        child__community=world.community_a,
        team_leader=world.users["teamleader_a"],
        opened_on=today - datetime.timedelta(days=60),
    )
    _seen(case, today - datetime.timedelta(days=10))
    leader = world.users["teamleader_a"]
    with pytest.raises(ValidationError):
        case_cadence_set(actor=leader, case=_reload(case), cadence_days=43, reason="Looser")
    with pytest.raises(PermissionDenied):
        case_cadence_set(
            actor=world.users["practitioner_a"], case=_reload(case), cadence_days=7, reason="x"
        )
    case_cadence_set(actor=leader, case=_reload(case), cadence_days=7, reason="Going home soon.")
    case = _reload(case)
    assert case.next_contact_due_on == today - datetime.timedelta(days=3)
    assert case.contact_status(today) == rules.ContactStatus.OVERDUE
    with scopes_disabled():
        in_force = cadence_in_force(case)
        assert (in_force.days, in_force.source, in_force.reason) == (7, "case", "Going home soon.")
        change = RecordChange.objects.get(record_type="casework.case", record_id=case.pk)
    assert change.previous_values == {"own_cadence_days": None}
    assert change.new_values == {"own_cadence_days": 7}
    assert change.changed_by == leader and change.child_id == case.child_id
    # A Partnership's stricter cadence later: a case cadence looser than it is refused.
    cadence_rule_set(
        actor=leader,
        community=world.community_a,
        kind=Case.Kind.IN_CARE,
        risk_level="",
        cadence_days=5,
    )
    assert _reload(case).contact_cadence_days == 5
    with pytest.raises(ValidationError):
        case_cadence_set(actor=leader, case=_reload(case), cadence_days=6, reason="x")
    case_cadence_set(actor=leader, case=_reload(case), cadence_days=None, reason="Ended.")
    assert _reload(case).contact_cadence_days == 5


# --- pages and API -------------------------------------------------------------------------


def test_case_cadence_page_shows_who_set_it_and_refuses_loosening_beside_the_field(
    world, client_for
):
    case = CaseFactory(child__community=world.community_a, team_leader=world.users["teamleader_a"])
    url = reverse("casework:case_cadence", args=[case.pk])
    page = client_for(world.users["practitioner_a"]).get(url)
    assert page.status_code == 200
    assert "Policy minimum for children in care" in page.content.decode()
    assert 'name="cadence_days"' not in page.content.decode()  # the form is the team leader's
    leader = client_for(world.users["teamleader_a"])
    refused = leader.post(url, {"cadence_days": "50", "reason": "Looser"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["cadence_days"]
    saved = leader.post(url, {"cadence_days": "14", "reason": "Fortnightly while settling in."})
    assert saved.status_code == 302
    shown = leader.get(url).content.decode()
    assert "At least every 2 weeks" in shown and "teamleader_a" in shown
    assert "Fortnightly while settling in." in shown


def test_partnership_cadence_page_and_api_refuse_loosening(world, client_for):
    url = reverse("casework:partnership_cadence", args=[world.community_a.pk])
    coordinator = client_for(world.users["coordinator_a"])
    refused = coordinator.post(url, {"kind": "in_care", "risk_level": "", "cadence_days": "60"})
    assert refused.status_code == 200 and refused.context["form"].errors
    api = reverse("cadence-rule-list", args=[world.community_a.pk])
    answer = coordinator.post(
        api,
        {"kind": "in_care", "risk_level": "", "cadence_days": 43},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "cadence_days" in answer.json()["errors"]
    made = coordinator.post(
        api,
        {"kind": "strengthening_families", "risk_level": "very_high", "cadence_days": 7},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    assert [r["cadence_days"] for r in coordinator.get(api).json()] == [7]


def test_case_cadence_api(world, client_for):
    case = CaseFactory(child__community=world.community_a)
    url = reverse("case-cadence", args=[case.pk])
    leader = client_for(world.users["teamleader_a"])
    assert leader.get(url).json()["source"] == "policy"
    loosen = leader.post(url, {"cadence_days": 60, "reason": "x"}, content_type="application/json")
    assert loosen.status_code == 400
    set_ = leader.post(url, {"cadence_days": 21, "reason": "x"}, content_type="application/json")
    assert set_.status_code == 200 and set_.json()["cadence_days"] == 21
    assert (
        client_for(world.users["practitioner_a"])
        .post(url, {"cadence_days": 7, "reason": "x"}, content_type="application/json")
        .status_code
        == 403
    )


def test_reminders_follow_a_stricter_cadence(world):
    from notifications.models import Notification  # noqa: PLC0415 — the app under test here
    from notifications.services import contact_reminders_send  # noqa: PLC0415

    today = timezone.localdate()
    cadence_rule_set(
        actor=world.users["teamleader_a"],
        community=world.community_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        risk_level=RiskLevel.VERY_HIGH,
        cadence_days=7,
    )
    due_in_two, due_in_three = (
        CaseFactory(
            child__community=world.community_a,
            practitioner=world.users["practitioner_a"],
            kind=Case.Kind.STRENGTHENING_FAMILIES,
            risk_level=RiskLevel.VERY_HIGH,
            opened_on=today - datetime.timedelta(days=days),
        )
        for days in (5, 4)
    )
    assert _reload(due_in_three).contact_status(today) == rules.ContactStatus.ON_TRACK
    assert contact_reminders_send(today=today).sent == 1
    with scopes_disabled():
        [note] = Notification.objects.all()
    assert note.case_id == due_in_two.pk
    assert note.message.startswith("The Strengthening Families case of ")
