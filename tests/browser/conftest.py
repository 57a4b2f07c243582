"""Browser journeys: Playwright drives Debian's Chromium headless against a live server.

Playwright cannot download its own browser here, so every launch points at the
system Chromium. Pages visited are checked with axe-core (bundled offline by
axe-playwright-python) and at a 375-pixel phone viewport.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CWSP_CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **PHONE}


@pytest.fixture(autouse=True)
def plain_static_names(settings):
    # The live server serves static files through the finders, which know the plain
    # names only, not the hashed ones of the production storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
