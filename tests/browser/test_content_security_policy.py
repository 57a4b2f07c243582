"""A real browser loads the pages and the API docs under the CSP without a violation."""

import pytest

from tests.factories.partnerships import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_and_api_docs_run_under_the_policy(world, live_server, page):
    problems: list[str] = []

    def on_console(message):
        # Failed loads are judged by their responses (the console omits the URL).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    def on_response(response):
        # The favicon included: every page links one, so nothing answers 404.
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "practitioner.a")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    for path in ("/", "/communities/", "/account/two-factor/setup/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock", timeout=15000)
    operations = page.locator(".opblock").count()
    assert operations >= 3
    assert not problems, problems
