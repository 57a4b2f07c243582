"""In a real browser: the closure decision page offers approval only when closing is
allowed, and the escalation date fields keep the date they show (sent as ISO)."""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from casework import services
from casework.models import Case
from escalations.models import Escalation, EscalationResponse
from tests.factories import ChildFactory, EscalationFactory, ThemeFactory

from .helpers import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


def _sf_case_waiting(world, *, then_level: str | None = None) -> Case:
    case = services.case_open_strengthening_families(
        actor=world.practitioner_a,
        child=ChildFactory(community=world.community_a),
        practitioner=world.practitioner_a,
        team_leader=world.teamleader_a,
        opened_on=TODAY - datetime.timedelta(days=30),
        parents_agreed_on=TODAY - datetime.timedelta(days=30),
        safe_at_home_judgement="Safety plan with grandmother.",
        assessment={
            "assessed_on": TODAY - datetime.timedelta(days=30),
            "level": "low",
            "next_reassessment_due_on": TODAY + datetime.timedelta(days=30),
            "safety_threats": [],
        },
    )
    services.case_request_closure(
        actor=world.practitioner_a, case=case, reason="Goals met", parents_capacity_note="Able."
    )
    if then_level:
        services.risk_assessment_record(
            actor=world.practitioner_a,
            case=case,
            assessed_on=TODAY,
            level=then_level,
            next_reassessment_due_on=TODAY + datetime.timedelta(days=14),
            safety_threats=["New adult in the house"],
        )
    return case


def test_closure_page_shows_unmet_conditions_and_no_approval(page, live_server, world, password):
    blocked = _sf_case_waiting(world, then_level="high")
    ready = _sf_case_waiting(world)
    sign_in(page, live_server.url, "teamleader.a", password)

    page.goto(f"{live_server.url}/casework/cases/{blocked.pk}/closure/decide/")
    page.wait_for_load_state("networkidle")
    check_page(page)
    assert page.locator("#unmet-conditions").is_visible()
    assert "The latest risk is high" in page.locator("#unmet-conditions").inner_text()
    assert page.locator("#approve").count() == 0
    page.get_by_role("link", name="Cancel").is_visible()
    page.fill("#id_reason", "Reassess after the new adult moved in.")
    with page.expect_navigation():
        page.locator("#send-back").click()
    page.wait_for_load_state("networkidle")
    with scopes_disabled():
        blocked.refresh_from_db()
    assert not blocked.closure_is_waiting

    page.goto(f"{live_server.url}/casework/cases/{ready.pk}/closure/decide/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#unmet-conditions").count() == 0
    with page.expect_navigation():
        page.locator("#approve").click()
    page.wait_for_load_state("networkidle")
    with scopes_disabled():
        ready.refresh_from_db()
    assert ready.status == Case.Status.CLOSED


def test_escalation_dates_keep_their_value(page, live_server, world, password):
    theme = ThemeFactory(community=world.community_a, title="School attendance")
    sign_in(page, live_server.url, "coordinator.a", password)

    page.goto(f"{live_server.url}/escalations/new/?theme={theme.pk}")
    page.wait_for_load_state("networkidle")
    check_page(page)
    # The date the page offers is one the browser keeps: submitted as it stands.
    assert page.locator("#id_raised_on").input_value() == TODAY.isoformat()
    assert page.locator("label[for=id_raised_on]").inner_text().endswith("(required)")
    page.get_by_role("link", name="Cancel").is_visible()
    page.select_option("#id_theme", str(theme.pk))
    page.select_option("#id_level", Escalation.Level.REGIONAL)
    page.fill("#id_body", "Department of Education (regional office)")
    page.fill("#id_requested_action", "A second attendance officer.")
    with page.expect_navigation():
        page.locator("#submit").click()
    page.wait_for_load_state("networkidle")
    with scopes_disabled():
        escalation = Escalation.objects.get(theme=theme)
    assert escalation.raised_on == TODAY
    assert page.locator("h1").inner_text() == f"Escalation E-{escalation.pk} (regional)"
    check_page(page)

    assert page.locator("#id_responded_on").input_value() == TODAY.isoformat()
    page.fill("#id_summary", "Officer funded from next term.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the response").click()
    page.wait_for_load_state("networkidle")
    with scopes_disabled():
        response = EscalationResponse.objects.get(escalation=escalation)
    assert response.responded_on == TODAY
    assert f"{TODAY.day} {TODAY:%B %Y}: Officer funded" in page.content()


def test_escalation_date_left_empty_is_said_beside_the_field(page, live_server, world, password):
    EscalationFactory(theme=ThemeFactory(community=world.community_a))
    sign_in(page, live_server.url, "coordinator.a", password)
    page.goto(f"{live_server.url}/escalations/new/")
    page.wait_for_load_state("networkidle")
    page.fill("#id_raised_on", "")
    with page.expect_navigation():
        page.locator("#submit").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#id_raised_on_error").inner_text() == "This field is required."
    check_page(page)
