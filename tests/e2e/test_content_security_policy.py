"""The Content-Security-Policy as Chromium enforces it (issue 8, finding 6): signing in, the
console, the projector and a phone posting an idea live raise no policy violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.live_server import FACILITATOR_PASSWORD, FACILITATOR_USERNAME

pytestmark = pytest.mark.e2e

# Every page reports what the policy blocked, the moment it is blocked.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def violations(page: Page) -> list[str]:
    return page.evaluate("window.cspViolations")


def test_the_policy_blocks_nothing_the_app_does(live, chromium_browser):
    code = live.workshop["code"]
    laptop = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    phone_context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    laptop.add_init_script(RECORD_VIOLATIONS)
    phone_context.add_init_script(RECORD_VIOLATIONS)
    messages: list[str] = []
    try:
        console = laptop.new_page()
        console.on("console", lambda message: messages.append(message.text))
        console.goto(f"{live.base_url}/accounts/login/?next=/w/{code}/console/")
        assert violations(console) == []
        console.get_by_label("Username").fill(FACILITATOR_USERNAME)
        console.get_by_label("Password").fill(FACILITATOR_PASSWORD)
        console.get_by_role("button", name="Sign in").click()
        expect(console).to_have_url(f"{live.base_url}/w/{code}/console/")
        expect(console.locator("body")).to_have_attribute("data-connection", "online")
        for phase in ("knowledge", "ideas"):
            console.locator("#phase-controls form:not([data-confirm]) button.primary").click()
            expect(console.locator("#screen")).to_have_attribute("data-phase", phase)
        projector = laptop.new_page()
        projector.on("console", lambda message: messages.append(message.text))
        projector.goto(f"{live.base_url}/w/{code}/projector/")

        phone = phone_context.new_page()
        phone.on("console", lambda message: messages.append(message.text))
        phone.goto(f"{live.base_url}/j/{code}/")
        phone.get_by_label("Your name").fill("Maja")
        phone.get_by_label("Volunteer").check()
        phone.get_by_role("button", name="Join").tap()
        expect(phone.locator("body")).to_have_attribute("data-connection", "online")
        phone.locator("#idea-text").fill("Reading aloud at the care home")
        phone.locator(".idea-form button[type=submit]").tap()
        idea = projector.locator("#ideas .idea", has_text="Reading aloud at the care home")
        expect(idea).to_have_count(1, timeout=10_000)

        for page in (console, projector, phone):
            assert violations(page) == [], page.url
        assert [text for text in messages if "Content Security Policy" in text] == []
    finally:
        phone_context.close()
        laptop.close()
