"""The main forms on a phone, for someone using a screen reader, a keyboard or large text.

- every id that aria-describedby names exists, before and after a failed submit, so help
  text ("Phone and video calls do not count as face-to-face") and errors are read out;
- after a failed submit, focus is on the error summary (or the first invalid field);
- the focus ring stands out on white and on the dark header (3:1, WCAG 1.4.11);
- a focused field is never under the sticky "Log the contact" bar (WCAG 2.4.11), and at
  200% text the header is not taller than the screen.
"""

import datetime
import re

import pytest
from django.utils import timezone

from tests.factories import CaseFactory, ChildFactory, ThemeFactory

from .helpers import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHITE = (255, 255, 255)
HEADER = (0x0D, 0x2A, 0x4A)


def _visit(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    check_page(page)


def _submit(page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def _assert_errors_have_focus(page) -> None:
    assert page.locator("main [aria-invalid=true], main .error-summary").count(), page.url
    focused = page.evaluate(
        "() => document.activeElement.matches('.error-summary, [aria-invalid=true]')"
    )
    assert focused, f"{page.url}: focus is on {page.evaluate('document.activeElement.outerHTML')}"


def _future() -> str:
    return (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")


def test_form_pages_describe_their_fields_and_focus_their_errors(
    page, live_server, world, password
):
    child = ChildFactory(community=world.community_a)
    case = CaseFactory(
        child=ChildFactory(community=world.community_a), practitioner=world.practitioner_a
    )
    ThemeFactory(community=world.community_a)
    base = live_server.url
    forms = {
        "practitioner.a": [
            # Log a contact: a time in the future is refused.
            (f"/casework/cases/{case.pk}/contacts/new/", {"#id_occurred_at": _future()}),
            # Add a child, open a case: required fields left empty.
            ("/casework/children/new/", {}),
            (f"/casework/children/{child.pk}/cases/new/", {}),
        ],
        "coordinator.a": [("/escalations/new/", {})],
    }
    for username, pages in forms.items():
        page.context.clear_cookies()
        sign_in(page, base, username, password)
        for path, typed in pages:
            _visit(page, f"{base}{path}")
            for selector, value in typed.items():
                page.fill(selector, value)
            _submit(page)
            assert page.url.startswith(f"{base}{path}"), f"{path} was accepted"
            check_page(page)
            _assert_errors_have_focus(page)


def _rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(n) for n in re.findall(r"\d+", css)[:3])
    return r, g, b


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    def luminance(rgb):
        def channel(c):
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


_RING = """() => {
    const style = getComputedStyle(document.activeElement);
    return [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor,
            style.boxShadow];
}"""


def _ring_contrast(page, background) -> float:
    """The best contrast of the focused element's ring (outline or halo) on ``background``."""
    outline_style, width, outline, shadow = page.evaluate(_RING)
    colours = []
    if outline_style != "none" and width >= 2:
        colours.append(_rgb(outline))
    if shadow and shadow != "none":
        colours.append(_rgb(shadow))
    return max((_contrast(colour, background) for colour in colours), default=1.0)


_OVERLAP = """() => {
    const field = document.activeElement.getBoundingClientRect();
    const bar = document.querySelector(".form-actions.sticky").getBoundingClientRect();
    return {id: document.activeElement.id, top: field.top, bottom: field.bottom,
            barTop: bar.top, inBar: !!document.activeElement.closest(".form-actions")};
}"""


def _assert_focused_field_clear_of_the_bar(page) -> None:
    where = page.evaluate(_OVERLAP)
    if where["inBar"]:
        return
    assert where["top"] >= 0, where
    assert where["bottom"] <= where["barTop"] + 1, f"the sticky bar covers {where}"


def test_focus_shows_and_is_never_under_the_sticky_bar(page, live_server, world, password):
    case = CaseFactory(
        child=ChildFactory(community=world.community_a), practitioner=world.practitioner_a
    )
    sign_in(page, live_server.url, "practitioner.a", password)
    page.goto(f"{live_server.url}/casework/cases/{case.pk}/contacts/new/")
    page.wait_for_load_state("networkidle")
    bar = page.locator(".form-actions.sticky")
    # On arrival the bar sits after the form, clear of the choices below the fold.
    assert bar.evaluate("el => getComputedStyle(el).position") == "static"

    # Keyboard from the top: the skip link, then the brand link in the dark header.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.site-header') !== null")
    assert _ring_contrast(page, HEADER) >= 3

    # Every field of the form in turn, as a keyboard user meets it.
    page.locator("#id_occurred_at").focus()
    assert _ring_contrast(page, WHITE) >= 3
    # Once the form is being filled in, "Log the contact" stays at hand.
    assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"
    for _ in range(14):
        page.keyboard.press("Tab")
        _assert_focused_field_clear_of_the_bar(page)
        if page.evaluate("document.activeElement.id") == "submit":
            break
        # Inside a date field, Tab also stops on the browser's own calendar button, which
        # draws its own ring: the field itself is not :focus then.
        if page.evaluate("document.activeElement.matches(':focus')"):
            assert _ring_contrast(page, WHITE) >= 3, page.evaluate("document.activeElement.id")

    # 200% text: the header still fits on the screen and is not fixed over the page, and the
    # taller bar still leaves a focused field in view.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    header = page.locator(".site-header")
    assert header.evaluate("el => getComputedStyle(el).position") not in {"sticky", "fixed"}
    height = header.evaluate("el => el.getBoundingClientRect().height")
    assert height <= page.viewport_size["height"], f"the header is {height}px high"
    page.locator("#id_occurred_at").focus()
    for selector in ("#id_who_was_seen", "#id_location", "#id_child_views", "#id_note"):
        page.locator(selector).focus()
        _assert_focused_field_clear_of_the_bar(page)
