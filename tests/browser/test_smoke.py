"""The sign-in page and home work in a real browser, on a phone, accessibly."""

import pytest

from .helpers import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practitioner_signs_in_and_sees_only_their_community(page, live_server, world, password):
    page.goto(f"{live_server.url}/login/")
    check_page(page)
    sign_in(page, live_server.url, "practitioner.a", password)
    assert "Wadeye" in page.content()
    assert "Yuendumu" not in page.content()
    check_page(page)
