"""Corrections of contacts made without a connection: queued sealed on the device with the
version they were made from, sent when the link returns, and never overwriting a change
made meanwhile: the practitioner sees both versions and keeps theirs or takes the current.
"""

import datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from casework import services
from casework.models import Contact
from tests.factories import CaseFactory, ChildFactory, ContactFactory

from .conftest import PHONE
from .helpers import assert_accessible, assert_fits_phone, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _contacts(world, count):
    case = CaseFactory(
        child=ChildFactory(community=world.community_a, given_name="Ava", family_name="Munkara"),
        practitioner=world.practitioner_a,
        opened_on=timezone.localdate() - datetime.timedelta(days=20),
    )
    return case, [
        ContactFactory(
            case=case,
            occurred_at=timezone.now() - datetime.timedelta(days=day),
            location="Home",
            note=f"Visit {day}",
        )
        for day in range(1, count + 1)
    ]


def _ready(browser, live_server, password):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, "practitioner.a", password)
    page.goto(f"{live_server.url}/casework/my-caseload/")
    page.wait_for_selector("html[data-offline-ready]", timeout=15000)
    return context, page


def _correct_offline(page, live_server, contact, location):
    """Fill the correction form (opened while online) and send it without a connection."""
    page.fill("#id_reason", "Wrong place written down")
    page.fill("#id_location", location)
    page.locator("#submit").click()
    page.wait_for_url(f"{live_server.url}/casework/my-caseload/", timeout=10000)


def _reconnect(context, page):
    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")


def test_a_correction_made_offline_is_sent_when_the_link_returns(
    browser, live_server, world, password
):
    case, (contact,) = _contacts(world, 1)
    context, page = _ready(browser, live_server, password)
    page.goto(f"{live_server.url}/casework/contacts/{contact.pk}/amend/")
    context.set_offline(True)
    # Offline the device checks what the server would: a reason, and something changed.
    page.locator("#submit").click()
    expect(page.locator("#offline-problem")).to_contain_text("Say why")
    page.fill("#id_reason", "No change really")
    page.locator("#submit").click()
    expect(page.locator("#offline-problem")).to_contain_text("Nothing was changed")
    expect(page.locator("#submit")).to_be_enabled()
    _correct_offline(page, live_server, contact, "School")
    queued = page.locator(f"#case-{case.pk} .device-queued")
    expect(queued).to_contain_text("A correction of a contact waiting to send")
    expect(page.locator("#device-status")).to_contain_text("1 correction waiting to send")
    with scopes_disabled():
        assert Contact.objects.get(pk=contact.pk).location == "Home"

    _reconnect(context, page)
    expect(page.locator("#device-status")).to_contain_text("Last sent", timeout=10000)
    expect(page.locator(".device-queued")).to_have_count(0)
    with scopes_disabled():
        saved = Contact.objects.get(pk=contact.pk)
        amendment = saved.amendments.get()
    assert saved.location == "School" and saved.note == "Visit 1"
    assert amendment.reason == "Wrong place written down"
    assert amendment.previous_values == {"location": "Home"}
    context.close()


def test_a_contact_changed_meanwhile_is_shown_both_ways_and_the_person_chooses(
    browser, live_server, world, password
):
    case, (kept, dropped) = _contacts(world, 2)
    context, page = _ready(browser, live_server, password)
    other = context.new_page()
    other.goto(f"{live_server.url}/casework/contacts/{dropped.pk}/amend/")
    page.goto(f"{live_server.url}/casework/contacts/{kept.pk}/amend/")
    context.set_offline(True)
    _correct_offline(page, live_server, kept, "School")
    _correct_offline(other, live_server, dropped, "Clinic")
    other.close()
    page.reload()  # still offline: My caseload from the device
    expect(page.locator("#device-status")).to_contain_text("2 corrections waiting to send")

    # Meanwhile the team leader corrects both contacts on the server.
    for contact in (kept, dropped):
        with scopes_disabled():
            contact = Contact.objects.get(pk=contact.pk)
        services.contact_amend(
            actor=world.teamleader_a,
            contact=contact,
            reason="Team leader's check",
            location="Store",
            note="Checked with the carer",
        )

    _reconnect(context, page)
    conflicts = page.locator(".correction-conflict")
    expect(conflicts).to_have_count(2, timeout=10000)
    expect(page.locator(f"#case-{case.pk}")).to_contain_text("Someone changed this contact")
    first = conflicts.nth(0)
    expect(first).to_contain_text("version 1 → 2")
    expect(first).to_contain_text("Team leader's check")
    for text in ("When you opened it", "Your correction", "Now", "Home", "Store"):
        expect(first).to_contain_text(text)
    with scopes_disabled():
        assert Contact.objects.get(pk=kept.pk).location == "Store"  # nothing overwritten
    assert_accessible(page)
    assert_fits_phone(page)

    mine = page.locator(".correction-conflict", has_text="School")
    mine.get_by_role("button", name="Keep my correction").click()
    expect(page.locator(".correction-conflict")).to_have_count(1, timeout=10000)
    page.locator(".correction-conflict", has_text="Clinic").get_by_role(
        "button", name="Take the current version"
    ).click()
    expect(page.locator(".device-queued")).to_have_count(0, timeout=10000)

    with scopes_disabled():
        kept = Contact.objects.get(pk=kept.pk)
        dropped = Contact.objects.get(pk=dropped.pk)
        assert kept.amendments.count() == 2 and dropped.amendments.count() == 1
    # Keeping mine applies only what I changed, on top of the current version.
    assert (kept.location, kept.note) == ("School", "Checked with the carer")
    assert (dropped.location, dropped.note) == ("Store", "Checked with the carer")
    assert dict(page.evaluate("() => cwspStore.all('queue').then((q) => [['n', q.length]])")) == {
        "n": 0
    }
    context.close()
