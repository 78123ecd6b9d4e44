"""Real-browser fixtures: Debian's Chromium through playwright, against a real Daphne process.

Playwright's own browser downloads are never used: the browser is /usr/bin/chromium (installed
by `.ci/run` with apt-get). Under CI=true a missing browser fails the run; elsewhere it skips.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.live_server import live_server

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def chromium():
    """Debian's Chromium through playwright; skipped where it is missing, failed under CI."""
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs it with apt-get (chromium).")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def chromium_browser():
    """Module-scoped on purpose: playwright's sync API keeps an event loop running in this
    thread while it is started, which would break every async test that runs after it."""
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def live():
    """Daphne on a free port with a fresh database, a facilitator and an English workshop."""
    with live_server() as server:
        server.workshop = server.create_workshop(language="en")
        yield server
