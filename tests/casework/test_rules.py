"""The Strengthening Families rules at their edges: each risk level, each missing condition."""

import datetime

import pytest

from casework import rules

AGREED = datetime.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("level", "judgement", "unmet"),
    [
        ("low", "", 0),
        ("moderate", "", 0),
        ("high", "", 1),
        ("very_high", "", 1),
        ("high", "Grandmother lives in the home and supervises.", 0),
        ("very_high", "Safety plan agreed with the family.", 0),
        ("very_high", "   ", 1),
    ],
)
def test_sf_opening_at_each_risk_level(level, judgement, unmet):
    result = rules.sf_opening_unmet_conditions(
        risk_level=level, parents_agreed_on=AGREED, safe_at_home_judgement=judgement
    )
    assert len(result) == unmet
    if unmet:
        assert "safely remain at home" in result[0]


def test_sf_opening_needs_assessment_and_agreement():
    result = rules.sf_opening_unmet_conditions(
        risk_level=None, parents_agreed_on=None, safe_at_home_judgement=""
    )
    assert len(result) == 2
    assert "risk assessment" in result[0]
    assert "parents agreed" in result[1]


@pytest.mark.parametrize(
    ("level", "closable"),
    [("low", True), ("moderate", True), ("high", False), ("very_high", False), (None, False)],
)
def test_closure_at_each_risk_level(level, closable):
    unmet = rules.closure_unmet_conditions(
        latest_risk_level=level, unresolved_safety_threats=0, parents_capacity_note="Capable."
    )
    assert (unmet == []) is closable


def test_closure_names_unresolved_threats():
    unmet = rules.closure_unmet_conditions(
        latest_risk_level="low", unresolved_safety_threats=2, parents_capacity_note="Capable."
    )
    assert unmet == ["2 safety threats are not resolved on the latest risk assessment."]
    one = rules.closure_unmet_conditions(
        latest_risk_level="low", unresolved_safety_threats=1, parents_capacity_note="Capable."
    )
    assert one == ["1 safety threat is not resolved on the latest risk assessment."]


def test_closure_needs_parents_capacity():
    unmet = rules.closure_unmet_conditions(
        latest_risk_level="moderate", unresolved_safety_threats=0, parents_capacity_note="  "
    )
    assert len(unmet) == 1
    assert "parents" in unmet[0]


def test_closure_names_every_unmet_condition_at_once():
    unmet = rules.closure_unmet_conditions(
        latest_risk_level="very_high", unresolved_safety_threats=3, parents_capacity_note=""
    )
    assert len(unmet) == 3
    assert "very high" in unmet[0]


@pytest.mark.parametrize(
    ("level", "task"),
    [("low", False), ("moderate", True), ("high", True), ("very_high", True), (None, True)],
)
def test_withdrawal_at_each_risk_level(level, task):
    assert rules.withdrawal_needs_further_action(level) is task


@pytest.mark.parametrize(("days_before_due", "overdue"), [(1, False), (0, False), (-1, True)])
def test_reassessment_overdue_edges(days_before_due, overdue):
    today = datetime.date(2026, 11, 23)
    due = today + datetime.timedelta(days=days_before_due)
    assert rules.reassessment_overdue(due, today) is overdue
    assert rules.reassessment_overdue(None, today) is False


def test_interstate_visits():
    visits = [
        (datetime.date(2026, 7, 1), datetime.date(2026, 7, 10), True),
        (datetime.date(2026, 10, 1), datetime.date(2026, 10, 5), False),
        (datetime.date(2026, 12, 20), datetime.date(2027, 1, 10), False),
    ]
    assert rules.next_contact_due_interstate(visits) == datetime.date(2026, 10, 5)
    assert rules.next_contact_due_interstate(visits[:1]) is None
    assert rules.next_contact_due_interstate([]) is None
