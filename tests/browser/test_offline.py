"""No connection: contacts are logged on the device, sent when the link returns, never lost.

A practitioner opens My caseload (the service worker keeps it and each open case's contact
form, sealed on the device), goes offline, logs three contacts for three children, reloads,
and comes back online: exactly three arrive with the times typed, except the one whose case
was closed meanwhile, which stays on the device as a conflict. Signing out warns first, and
leaves the device store empty.
"""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from casework.models import Case, Contact
from tests.factories import CaseFactory, ChildFactory

from .conftest import PHONE
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORE_COUNTS = """() => Promise.all(['queue', 'drafts', 'pages', 'meta'].map(
    (name) => cwspStore.all(name).then((rows) => [name, rows.length])))"""


def _cases(world):
    names = [("Ava", "Munkara"), ("Leo", "Puruntatameri"), ("Zara", "Tipiloura")]
    return [
        CaseFactory(
            child=ChildFactory(community=world.community_a, given_name=given, family_name=family),
            practitioner=world.practitioner_a,
            opened_on=timezone.localdate() - datetime.timedelta(days=20),
        )
        for given, family in names
    ]


def test_three_contacts_logged_offline_arrive_once_with_their_times(
    browser, live_server, world, password
):
    cases = _cases(world)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    sign_in(page, live_server.url, "practitioner.a", password)
    caseload = f"{live_server.url}/casework/my-caseload/"
    page.goto(caseload)
    page.wait_for_selector("html[data-offline-ready]", timeout=15000)

    context.set_offline(True)
    typed = {}
    for hours, case in enumerate(cases, start=1):
        page.goto(f"{live_server.url}/casework/cases/{case.pk}/contacts/new/")
        when = (timezone.localtime() - datetime.timedelta(hours=hours)).replace(
            second=0, microsecond=0
        )
        typed[case.pk] = when
        page.fill("#id_occurred_at", when.strftime("%Y-%m-%dT%H:%M"))
        page.fill("#id_note", f"Offline visit {hours}")
        page.locator("#submit").click()
        page.wait_for_url(caseload, timeout=10000)
        expect(page.locator(f"#case-{case.pk} .device-queued")).to_contain_text("waiting to send")
    expect(page.locator("#device-status")).to_contain_text("3 contacts waiting to send")
    expect(page.locator("#device-status")).to_contain_text("Offline")

    page.reload()
    expect(page.locator(".device-queued")).to_have_count(3)

    closed = cases[2]
    with scopes_disabled():
        Case.objects.filter(pk=closed.pk).update(
            status=Case.Status.CLOSED, closed_on=timezone.localdate()
        )
        assert Contact.objects.filter(case__in=cases).count() == 0

    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("#device-status")).to_contain_text("Last sent", timeout=10000)
    expect(page.locator(f"#case-{closed.pk} .device-queued")).to_contain_text("not accepted")
    expect(page.locator(f"#case-{closed.pk} .device-queued")).to_contain_text("closed")
    expect(page.locator(f"#case-{cases[0].pk} .device-queued")).to_have_count(0)

    with scopes_disabled():
        arrived = {c.case_id: c for c in Contact.objects.filter(case__in=cases)}
    assert sorted(arrived) == sorted(c.pk for c in cases[:2])
    for case in cases[:2]:
        assert timezone.localtime(arrived[case.pk].occurred_at) == typed[case.pk]
        assert arrived[case.pk].idempotency_key is not None

    # Online again: the caseload shows the statuses the server now computes.
    page.reload()
    expect(page.locator(f"#case-{cases[0].pk}")).to_have_attribute("data-status", "on_track")
    expect(page.locator(f"#case-{cases[1].pk}")).to_have_attribute("data-status", "on_track")
    # The closed case has left the caseload; its contact is still on the device, shown.
    expect(page.locator(f"#device-case-{closed.pk} .device-queued")).to_contain_text("closed")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/my-caseload/" not in url, timeout=10000)
    assert dialogs and "not been sent" in dialogs[0]
    page.goto(f"{live_server.url}/login/")
    counts = dict(page.evaluate(STORE_COUNTS))
    assert counts == {"queue": 0, "drafts": 0, "pages": 0, "meta": 0}
    context.close()
