"""What every journey checks on every page: accessibility and the phone viewport."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page) -> None:
    """No serious or critical axe-core violation on the page as it stands."""
    results = _axe.run(page)
    blocking = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING_IMPACTS
    ]
    assert not blocking, f"{page.url}: {blocking}"


def assert_fits_phone(page) -> None:
    """Nothing forces sideways scrolling at 375 px."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px at phone width"


_MISSING_REFERENCES = """() => {
    const missing = [];
    for (const attribute of ["aria-describedby", "aria-labelledby"]) {
        for (const element of document.querySelectorAll(`[${attribute}]`)) {
            for (const id of element.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
                if (!document.getElementById(id)) {
                    const name = element.id ? `#${element.id}` : element.tagName.toLowerCase();
                    missing.push(`${name} ${attribute} -> ${id}`);
                }
            }
        }
    }
    return missing;
}"""


def assert_references_exist(page) -> None:
    """Every id named by aria-describedby or aria-labelledby is on the page.

    A missing one is silent: the help text or error it should read out is never heard.
    """
    missing = page.evaluate(_MISSING_REFERENCES)
    assert not missing, f"{page.url}: {missing}"


def check_page(page) -> None:
    assert_accessible(page)
    assert_references_exist(page)
    assert_fits_phone(page)


def sign_in(page, live_server_url: str, username: str, password: str) -> None:
    page.goto(f"{live_server_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
