"""What each practitioner page costs to load on a phone: every byte over the wire, fresh cache.

Each page loads in a fresh browser context (nothing cached), and the sizes of every response
(body and headers, as Chromium measured them) are added up once the network is idle. The
live server serves static files uncompressed; production compresses them (WhiteNoise), so
the gzip size of the static files is reported next to the raw figure.

    pytest tests/browser/test_page_weight.py -s    # prints the table for docs/benchmarks.md
"""

import datetime
import gzip

import pytest
from django.utils import timezone

from tests.factories import CaseFactory, ChildFactory, ContactFactory

from .conftest import PHONE
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET_KB = 150
KINDS = {
    "document": "HTML",
    "stylesheet": "CSS",
    "script": "JS",
    "font": "Fonts",
}


def _weigh(browser, url: str, storage_state=None) -> dict:
    context = browser.new_context(**PHONE, storage_state=storage_state)
    try:
        page = context.new_page()
        finished = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.url == url, f"{url} went to {page.url}"
        totals = {kind: 0 for kind in (*KINDS.values(), "Other")}
        static_gzip = 0
        for request in finished:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            totals[KINDS.get(request.resource_type, "Other")] += size
            if "/static/" in request.url:
                response = request.response()
                static_gzip += len(gzip.compress(response.body(), 9)) + sizes["responseHeadersSize"]
        totals["Total"] = sum(totals.values())
        totals["Static gzip"] = static_gzip
        totals["Requests"] = len(finished)
        return totals
    finally:
        context.close()


def test_each_practitioner_page_weighs_under_the_budget(
    browser, page, live_server, world, password
):
    case = CaseFactory(
        child=ChildFactory(community=world.community_a), practitioner=world.practitioner_a
    )
    contact = ContactFactory(case=case, occurred_at=timezone.now() - datetime.timedelta(days=3))
    for _ in range(9):
        CaseFactory(
            child=ChildFactory(community=world.community_a), practitioner=world.practitioner_a
        )

    sign_in(page, live_server.url, "practitioner.a", password)
    signed_in = page.context.storage_state()
    base = live_server.url
    pages = {
        "Sign in": (f"{base}/login/", None),
        "Home": (f"{base}/", signed_in),
        "My caseload": (f"{base}/casework/my-caseload/", signed_in),
        "Child page": (f"{base}/casework/children/{case.child_id}/", signed_in),
        "Log a contact": (f"{base}/casework/cases/{case.pk}/contacts/new/", signed_in),
        "Correct a contact": (f"{base}/casework/contacts/{contact.pk}/amend/", signed_in),
        "Notifications": (f"{base}/notifications/", signed_in),
    }
    rows = {name: _weigh(browser, url, state) for name, (url, state) in pages.items()}

    print("\n| Page | HTML | CSS | JS | Fonts | Total | Static gzipped |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name, t in rows.items():
        kb = {k: f"{v / 1024:.1f}" for k, v in t.items()}
        print(
            f"| {name} | {kb['HTML']} | {kb['CSS']} | {kb['JS']} | {kb['Fonts']} "
            f"| {kb['Total']} | {kb['Static gzip']} |"
        )
    for name, totals in rows.items():
        assert totals["Total"] < BUDGET_KB * 1024, f"{name}: {totals['Total'] / 1024:.1f} KB"
