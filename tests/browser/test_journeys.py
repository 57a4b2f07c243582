"""The four journeys of the people who use CWSP, end to end in a real browser on a phone.

Every page a journey visits is checked for accessibility (axe-core, no serious or critical
violation) and for fitting a 375-pixel-wide screen.
"""

import datetime
import re
from urllib.parse import urljoin, urlparse

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from casework.models import Case, RiskLevel
from oversight.models import ReportRequest
from oversight.quarters import Quarter
from oversight.tasks import quarterly_report_generate
from tests.factories import (
    CaseFactory,
    ChildFactory,
    ContactFactory,
    OversightGroupFactory,
    RiskAssessmentFactory,
    SafetyThreatFactory,
)

from .conftest import PHONE
from .helpers import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    check_page(page)


def _my_caseload_row(page, case):
    """Open My caseload from the main navigation; the row of ``case``."""
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("link", name="My caseload").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    return page.locator(f"#case-{case.pk}")


def _overdue_case(world, given_name: str, family_name: str):
    """An in-care case opened ten weeks ago and never seen: the six weeks have run out."""
    child = ChildFactory(
        community=world.community_a, given_name=given_name, family_name=family_name
    )
    opened = timezone.localdate() - datetime.timedelta(days=70)
    return CaseFactory(child=child, practitioner=world.practitioner_a, opened_on=opened)


# --- 1. practitioner -----------------------------------------------------------------------


def test_practitioner_logs_a_contact_and_the_child_is_back_on_track(
    page, live_server, world, password
):
    case = _overdue_case(world, "Jarrah", "Tipungwuti")
    # A second case on the caseload, seen last week: the list is a real list.
    ContactFactory(
        case=CaseFactory(
            child=ChildFactory(community=world.community_a), practitioner=world.practitioner_a
        ),
        occurred_at=timezone.now() - datetime.timedelta(days=7),
    )

    page.goto(f"{live_server.url}/login/")
    check_page(page)
    sign_in(page, live_server.url, "practitioner.a", password)
    check_page(page)

    row = _my_caseload_row(page, case)
    expect(row).to_have_attribute("data-status", "overdue")
    expect(row).to_contain_text("Overdue")

    with page.expect_navigation():
        row.get_by_role("link", name="Jarrah Tipungwuti", exact=True).click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jarrah")
    expect(page.locator("main")).to_contain_text("Overdue")

    with page.expect_navigation():
        page.locator(f"#log-contact-{case.pk}").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.get_by_label("Face to face, by the practitioner")).to_be_checked()

    # A mistake: a time two days ahead. The form says so and keeps what was typed.
    note = "Visited at the carer's home; Jarrah showed the garden and the new school bag."
    future = timezone.localtime() + datetime.timedelta(days=2)
    page.fill("#id_occurred_at", future.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_who_was_seen", "Jarrah and the carer")
    page.fill("#id_location", "Carer's home")
    page.fill("#id_note", note)
    with page.expect_navigation():
        page.locator("#submit").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("in the future")
    expect(page.locator("#id_note")).to_have_value(note)
    expect(page.locator("#id_who_was_seen")).to_have_value("Jarrah and the carer")
    expect(page.locator("#id_location")).to_have_value("Carer's home")

    # Corrected: an hour ago.
    earlier = timezone.localtime() - datetime.timedelta(hours=1)
    page.fill("#id_occurred_at", earlier.strftime("%Y-%m-%dT%H:%M"))
    with page.expect_navigation():
        page.locator("#submit").click()
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path == f"/casework/children/{case.child_id}/"
    check_page(page)
    expect(page.get_by_role("status").first).to_contain_text("Contact logged")
    main = page.locator("main")
    expect(main).to_contain_text("On track")
    expect(main).not_to_contain_text("Overdue")

    row = _my_caseload_row(page, case)
    expect(row).to_have_attribute("data-status", "on_track")
    expect(row).to_contain_text("On track")


def test_practitioner_reads_a_long_contact_history_a_page_at_a_time(
    page, live_server, world, password
):
    case = _overdue_case(world, "Ruby", "Wurramarrba")
    now = timezone.now()
    for days in range(60, 0, -1):
        ContactFactory(case=case, occurred_at=now - datetime.timedelta(days=days))
    sign_in(page, live_server.url, "practitioner.a", password)
    _visit(page, f"{live_server.url}/casework/children/{case.child_id}/")
    expect(page.locator(f"#case-{case.pk} .timeline > li")).to_have_count(10)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("All 60 contacts")).click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.locator("main")).to_contain_text("60 contacts, newest first; page 1 of 2.")
    expect(page.locator(".timeline > li")).to_have_count(50)
    with page.expect_navigation():
        page.locator("#contacts-next").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.locator(".timeline > li")).to_have_count(10)


# --- 2. team leader ------------------------------------------------------------------------


def _closure_waiting(world, given_name: str, *, risk: str, threat: bool = False):
    """A Strengthening Families case whose practitioner has asked to close it."""
    child = ChildFactory(community=world.community_a, given_name=given_name, family_name="Closure")
    case = CaseFactory(
        child=child,
        practitioner=world.practitioner_a,
        kind=Case.Kind.STRENGTHENING_FAMILIES,
        risk_level=risk,
    )
    assessment = RiskAssessmentFactory(case=case, level=risk)
    if threat:
        SafetyThreatFactory(assessment=assessment)
    with scopes_disabled():
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSURE_REQUESTED,
            closure_requested_by=world.practitioner_a,
            closure_requested_at=timezone.now(),
            closure_reason="The family has met every goal of the plan.",
            parents_capacity_note="Both parents now use the family support service weekly.",
        )
    return case


def test_team_leader_filters_overdue_approves_one_closure_and_sends_back_another(
    page, live_server, world, password
):
    overdue = _overdue_case(world, "Kirra", "Tipungwuti")
    on_track = CaseFactory(
        child=ChildFactory(community=world.community_a), practitioner=world.practitioner_a
    )
    ready = _closure_waiting(world, "Ready", risk=RiskLevel.LOW)
    # A reassessment came in after the request: the risk is high with a threat unresolved.
    not_ready = _closure_waiting(world, "Unready", risk=RiskLevel.HIGH, threat=True)

    sign_in(page, live_server.url, "teamleader.a", password)
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Team caseload"
        ).click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.locator("#team-summary")).to_contain_text("practitioner_a")
    for case in (overdue, on_track, ready, not_ready):
        expect(page.locator(f"#case-{case.pk}")).to_have_count(1)

    page.select_option("#id_status", "overdue")
    with page.expect_navigation():
        page.locator("#apply-filters").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    assert "status=overdue" in page.url
    expect(page.locator(f"#case-{overdue.pk}")).to_have_count(1)
    expect(page.locator("#team-cases tbody tr")).to_have_count(1)
    expect(page.locator(f"#case-{on_track.pk}")).to_have_count(0)

    page.select_option("#id_status", "closure_waiting")
    with page.expect_navigation():
        page.locator("#apply-filters").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.locator("#team-cases tbody tr")).to_have_count(2)

    # The closure whose conditions are met: approved.
    with page.expect_navigation():
        page.locator(f"#decide-closure-{ready.pk}").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.locator("#unmet-conditions")).to_have_count(0)
    with page.expect_navigation():
        page.locator("#approve").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.locator("main")).to_contain_text("Closure approved")
    expect(page.locator(f"#case-{ready.pk}")).to_have_count(0)

    # The other: the page names what is unmet, and it goes back with the reason.
    with page.expect_navigation():
        page.locator(f"#decide-closure-{not_ready.pk}").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    unmet = page.locator("#unmet-conditions")
    expect(unmet).to_contain_text("The latest risk is high: it must be moderate or low.")
    expect(unmet).to_contain_text("1 safety threat is not resolved on the latest risk assessment.")
    page.fill("#id_reason", "The risk is high again and a safety threat is open.")
    with page.expect_navigation():
        page.locator("#send-back").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.locator("main")).to_contain_text("Closure sent back")
    expect(page.locator("#team-cases tbody tr")).to_have_count(1)
    expect(page.locator("#team-cases")).to_contain_text("No cases match")

    with scopes_disabled():
        ready.refresh_from_db()
        not_ready.refresh_from_db()
    assert ready.status == Case.Status.CLOSED
    assert not_ready.status == Case.Status.OPEN
    assert "risk is high" in not_ready.closure_sent_back_reason


# --- 3. oversight co-chair -----------------------------------------------------------------

CHILD_NAMES = ("Jarrah", "Tipungwuti", "Talia", "Granites")
SKIPPED_LINKS = ("/logout/", "/download/", "/api/", "/ops/", "/static/")


def _same_site_links(page, base: str) -> set[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = set()
    for href in hrefs:
        url = urljoin(page.url, href).split("#")[0]
        if url.startswith(base) and not any(part in url for part in SKIPPED_LINKS):
            found.add(url)
    return found


def _assert_no_child(page) -> None:
    text = page.content()
    for name in CHILD_NAMES:
        assert name not in text, f"{page.url} shows a child's name"


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_cochair_sees_no_child_and_downloads_the_quarterly_report(
    page, live_server, world, password, tmp_path
):
    OversightGroupFactory(name="NT Oversight Group")
    case_a = _overdue_case(world, "Jarrah", "Tipungwuti")
    child_b = ChildFactory(community=world.community_b, given_name="Talia", family_name="Granites")
    case_b = CaseFactory(child=child_b, practitioner=world.practitioner_b)

    page.goto(f"{live_server.url}/login/")
    sign_in(page, live_server.url, "cochair", password)
    check_page(page)
    _assert_no_child(page)

    # Every page in the navigation, and every page those link to: no child anywhere.
    nav = page.get_by_role("navigation", name="Main").get_by_role("link")
    nav_urls = [urljoin(page.url, nav.nth(i).get_attribute("href")) for i in range(nav.count())]
    assert any("/oversight/reports/" in url for url in nav_urls)
    linked: set[str] = set()
    for url in nav_urls:
        _visit(page, url)
        _assert_no_child(page)
        linked |= _same_site_links(page, live_server.url)
    for url in sorted(linked - set(nav_urls)):
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response.status < 500, url
        _assert_no_child(page)

    # Child and case pages, in either community, do not exist for the Oversight Group.
    for path in (
        f"/casework/children/{case_a.child_id}/",
        f"/casework/children/{child_b.pk}/",
        f"/casework/cases/{case_a.pk}/contacts/new/",
        f"/casework/cases/{case_b.pk}/closure/request/",
        f"/casework/cases/{case_b.pk}/risk-assessments/new/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        _assert_no_child(page)

    # The report: requested, shown in progress, then ready to download.
    quarter = Quarter.containing(timezone.localdate()).previous().label
    _visit(page, f"{live_server.url}/oversight/reports/")
    expect(page.locator("#id_quarter")).to_have_value(quarter)
    with page.expect_navigation():
        page.get_by_role("button", name="Request report").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.locator("main")).to_contain_text("Report requested")
    with scopes_disabled():
        request = ReportRequest.objects.get(quarter=quarter)
    if request.state != ReportRequest.State.DONE:
        # The job waits on the broker: the page says so and refreshes itself.
        progress = page.get_by_role("heading", name="In progress")
        expect(progress).to_be_visible()
        expect(page.locator("main")).to_contain_text(f"{quarter}: {request.get_state_display()}")
        expect(page.locator("script[src*=report_progress]")).to_have_count(1)
        # The worker's part, run here: the same task a Celery worker runs.
        quarterly_report_generate.apply(args=(request.pk,))
        page.reload()
        page.wait_for_load_state("networkidle")
        check_page(page)
    expect(page.get_by_role("heading", name="In progress")).to_have_count(0)
    expect(page.get_by_role("heading", name=quarter)).to_be_visible()
    _assert_no_child(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF, version 1").click()
    download = download_info.value
    pdf = tmp_path / "report.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert quarter in text
    assert "Wadeye" in text and "Yuendumu" in text
    for name in CHILD_NAMES:
        assert name not in text


# --- 4. administrator ----------------------------------------------------------------------


def test_administrator_onboards_a_community_whose_new_practitioner_sees_only_it(
    browser, page, live_server, world, password
):
    wadeye_child = _overdue_case(world, "Jarrah", "Tipungwuti").child

    sign_in(page, live_server.url, "administrator", password)
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Administration"
        ).click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Onboard", re.I)).first.click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    assert urlparse(page.url).path == "/administration/onboard/"

    page.fill("#id_name", "Maningrida")
    page.select_option("#id_region", label="Top End")
    page.fill("#id_requested_by", "The Maningrida elders and Malabam Health Board")
    page.fill("#id_requested_on", timezone.localdate().isoformat())
    page.fill("#id_partnership_name", "Maningrida Partnership")
    page.fill("#id_members-0-organisation", "Malabam Health Board")
    page.select_option("#id_members-0-organisation_kind", index=1)
    page.fill("#id_members-0-person_name", "A. Leader")
    with page.expect_navigation():
        page.get_by_role("button", name="Onboard community").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Maningrida is onboarded")

    with page.expect_navigation():
        page.get_by_role("link", name="Manage access to Maningrida").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    page.fill("#id_username", "new.practitioner")
    page.fill("#id_display_name", "New Practitioner")
    page.fill("#id_email", "new.practitioner@example.org")
    page.select_option("#id_role", "practitioner")
    with page.expect_navigation():
        page.get_by_role("button", name="Give access").click()
    page.wait_for_load_state("networkidle")
    check_page(page)
    message = page.locator("main").get_by_text("Password-set link for new.practitioner")
    expect(message).to_be_visible()
    link = re.search(r"https?://\S+/welcome/\S+/", message.inner_text()).group(0)

    # The new practitioner, on their own phone.
    own = browser.new_context(**PHONE)
    try:
        mine = own.new_page()
        mine.goto(link)
        mine.wait_for_load_state("networkidle")
        check_page(mine)
        new_password = "a-long-harbour-morning-42"
        mine.fill("#id_new_password1", new_password)
        mine.fill("#id_new_password2", new_password)
        mine.get_by_role("button", name="Set password").click()
        mine.wait_for_load_state("networkidle")
        check_page(mine)
        if urlparse(mine.url).path != "/":
            sign_in(mine, live_server.url, "new.practitioner", new_password)
            check_page(mine)
        main = mine.locator("main")
        expect(main).to_contain_text("Maningrida")
        assert "Wadeye" not in mine.content() and "Yuendumu" not in mine.content()

        mine.get_by_role("navigation", name="Main").get_by_role("link", name="My caseload").click()
        mine.wait_for_load_state("networkidle")
        check_page(mine)
        expect(mine.locator("main")).to_contain_text("You have no open cases.")

        mine.get_by_role("navigation", name="Main").get_by_role("link", name="Communities").click()
        mine.wait_for_load_state("networkidle")
        check_page(mine)
        expect(mine.locator("main")).to_contain_text("Maningrida")
        assert "Wadeye" not in mine.content() and "Yuendumu" not in mine.content()

        for path in (
            "/communities/wadeye/",
            "/communities/wadeye/priorities/",
            f"/casework/children/{wadeye_child.pk}/",
        ):
            response = mine.goto(f"{live_server.url}{path}")
            assert response.status == 404, path
    finally:
        own.close()
