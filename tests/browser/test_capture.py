"""A contact typed on a phone with a bad link is never lost and never counted twice.

Double tap, a link cut after the server saved, a link cut before it received anything, and an
idle sign-out in the middle of typing, in headless Chromium (service workers off here: the
offline journeys are in test_offline.py).
"""

import datetime
import time
from importlib import import_module
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from accounts.middleware import LAST_SEEN_SESSION_KEY
from casework.models import Contact
from tests.factories import CaseFactory, ChildFactory

from .conftest import PHONE
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Saw Mia at the clinic; she talked about her new teacher."


@pytest.fixture
def tab(browser, live_server, world, password):
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    sign_in(page, live_server.url, "practitioner.a", password)
    yield page
    context.close()


def _case(world):
    child = ChildFactory(community=world.community_a, given_name="Mia", family_name="Kelly")
    return CaseFactory(
        child=child,
        practitioner=world.practitioner_a,
        opened_on=timezone.localdate() - datetime.timedelta(days=20),
    )


def _contacts(case) -> int:
    with scopes_disabled():
        return Contact.objects.filter(case=case).count()


def _fill(page, live_server, case):
    url = f"{live_server.url}/casework/cases/{case.pk}/contacts/new/"
    page.goto(url)
    earlier = timezone.localtime() - datetime.timedelta(hours=1)
    page.fill("#id_occurred_at", earlier.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_note", NOTE)
    return url


def test_a_double_tap_logs_one_contact(tab, live_server, world):
    case = _case(world)
    _fill(tab, live_server, case)
    tab.evaluate("() => { const b = document.getElementById('submit'); b.click(); b.click(); }")
    tab.wait_for_url(f"**/children/{case.child_id}/")
    expect(tab.locator("main")).to_contain_text("Contact logged")
    assert _contacts(case) == 1


def test_a_link_cut_after_the_server_saved_gives_already_logged_on_retry(tab, live_server, world):
    case = _case(world)
    url = _fill(tab, live_server, case)

    def saved_then_dropped(route):
        if route.request.method == "POST":
            route.fetch(max_redirects=0)  # the server saves and answers; the phone never hears
            route.abort("connectionreset")
        else:
            route.continue_()

    tab.route(url, saved_then_dropped)
    tab.locator("#submit").click()
    tab.wait_for_timeout(500)
    assert _contacts(case) == 1
    tab.unroute(url)
    # The person retries: Chromium's error page sends the same form again.
    tab.reload()
    expect(tab.locator("main")).to_contain_text("Already logged — this contact was saved earlier.")
    assert _contacts(case) == 1


def test_a_link_cut_before_keeps_the_form_and_a_retry_saves_one(tab, live_server, world):
    case = _case(world)
    url = _fill(tab, live_server, case)
    tab.route(
        url, lambda route: route.abort() if route.request.method == "POST" else route.continue_()
    )
    tab.locator("#submit").click()
    tab.wait_for_timeout(500)
    assert _contacts(case) == 0
    tab.unroute(url)
    # Chromium's error page took the form's place in the history: Back, and the form again.
    tab.go_back()
    tab.goto(url)
    expect(tab.locator("#draft-restored")).to_be_visible()
    expect(tab.locator("#id_note")).to_have_value(NOTE)
    expect(tab.locator("#submit")).to_be_enabled()
    tab.locator("#submit").click()
    tab.wait_for_url(f"**/children/{case.child_id}/")
    expect(tab.locator("main")).to_contain_text("Contact logged")
    assert _contacts(case) == 1


def test_an_idle_sign_out_keeps_the_note_until_it_is_submitted_again(
    tab, live_server, world, password
):
    case = _case(world)
    url = _fill(tab, live_server, case)
    key = next(c["value"] for c in tab.context.cookies() if c["name"] == "sessionid")
    # Through the session engine in use: with a shared cache, sessions are read from it.
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    session[LAST_SEEN_SESSION_KEY] = time.time() - 31 * 60
    session.save()

    tab.locator("#submit").click()
    tab.wait_for_url("**/login/**")
    expect(tab.locator("main")).to_contain_text("without activity")
    expect(tab.locator("main")).to_contain_text("it is kept")
    assert _contacts(case) == 0
    tab.get_by_label("Username").fill("practitioner.a")
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(url)
    expect(tab.locator("#id_note")).to_have_value(NOTE)
    expect(tab.locator("main")).to_contain_text("What you typed is back")
    assert _contacts(case) == 0
    tab.locator("#submit").click()
    tab.wait_for_url(f"**/children/{case.child_id}/")
    assert urlparse(tab.url).path == f"/casework/children/{case.child_id}/"
    assert _contacts(case) == 1
