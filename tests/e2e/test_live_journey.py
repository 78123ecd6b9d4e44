"""A facilitator's laptop and a phone in a real browser, against a real Daphne process.

The phone loses its network for longer than the client's heartbeat timeout while posting.
Chromium's offline emulation does not close open websockets: it holds their frames and
delivers them when back online. So the client must notice the dead socket by its own heartbeat,
reconnect and resend; the held frame arrives too, and the idempotency key keeps the idea single.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.live_server import FACILITATOR_PASSWORD, FACILITATOR_USERNAME

pytestmark = pytest.mark.e2e

# static/js/realtime.js: a heartbeat every 5 s; no answer for 4 s after one means dead, noticed
# at the next beat. Offline for longer than both together, however the beats fall.
HEARTBEAT_MS = 5000
DEAD_AFTER_MS = 4000
NOTICE_DEAD_MS = HEARTBEAT_MS * 2 + DEAD_AFTER_MS
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page: Page, what: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"Accessibility violations on {what}:\n{details}"


def wait_online(page: Page) -> None:
    expect(page.locator("body")).to_have_attribute("data-connection", "online", timeout=10_000)


def advance_phase(console: Page, to: str) -> None:
    console.locator("#phase-controls form:not([data-confirm]) button.primary").click()
    expect(console.locator("#screen")).to_have_attribute("data-phase", to, timeout=10_000)


def post_idea(phone: Page, text: str) -> None:
    phone.locator("#idea-text").fill(text)
    phone.locator(".idea-form button[type=submit]").tap()


def ideas_in_database(live, text: str) -> int:
    return live.run_python(
        "import json; from ideas.models import Idea; "
        f"print(json.dumps([Idea.objects.filter(text={text!r}).count()]))"
    )[0]


def test_phone_posts_ideas_to_the_projector_and_survives_going_offline(live, chromium_browser):
    code = live.workshop["code"]
    laptop = chromium_browser.new_context(viewport={"width": 1280, "height": 800})
    phone_context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        # The facilitator signs in, moves the workshop on to ideas and opens the projector.
        console = laptop.new_page()
        console.goto(f"{live.base_url}/accounts/login/?next=/w/{code}/console/")
        console.get_by_label("Username").fill(FACILITATOR_USERNAME)
        console.get_by_label("Password").fill(FACILITATOR_PASSWORD)
        console.get_by_role("button", name="Sign in").click()
        expect(console).to_have_url(f"{live.base_url}/w/{code}/console/")
        wait_online(console)
        advance_phase(console, "knowledge")
        advance_phase(console, "ideas")
        projector = laptop.new_page()
        projector.goto(f"{live.base_url}/w/{code}/projector/")
        wait_online(projector)
        expect(projector.locator("#screen")).to_have_attribute("data-phase", "ideas")

        # A phone types the code on the start page and joins.
        phone = phone_context.new_page()
        # Shown by pytest only if the test fails: what the phone's page said and when.
        phone.on("console", lambda message: print(f"phone console: {message.text}"))
        phone.on("websocket", lambda ws: print(f"phone websocket opened: {ws.url}"))
        phone.goto(f"{live.base_url}/")
        phone.get_by_label("Workshop code").fill(code.lower())
        phone.get_by_role("button", name="Continue").tap()
        expect(phone).to_have_url(f"{live.base_url}/j/{code}/")
        assert_accessible(phone, "the join page")
        phone.get_by_label("Your name").fill("Maja")
        phone.get_by_label("Volunteer").check()
        phone.get_by_role("button", name="Join").tap()
        expect(phone).to_have_url(f"{live.base_url}/w/{code}/")
        wait_online(phone)
        expect(projector.locator("#presence")).to_contain_text("1", timeout=10_000)
        assert_accessible(phone, "the idea screen")

        # An idea appears on the projector without a reload.
        first = "A shared lunch table at the library every Thursday"
        post_idea(phone, first)
        expect(projector.locator("#ideas .idea", has_text=first)).to_have_count(1, timeout=10_000)
        expect(phone.locator("#ideas .idea", has_text=first)).to_have_count(1)
        expect(phone.locator("#idea-text")).to_have_value("")

        # Offline for longer than the heartbeat timeout, posting meanwhile.
        second = "Grandparents teach bike repair at the youth club"
        phone_context.set_offline(True)
        post_idea(phone, second)
        expect(phone.locator("body")).to_have_attribute(
            "data-connection", "offline", timeout=NOTICE_DEAD_MS + 2000
        )
        phone.wait_for_timeout(1000)
        assert phone.evaluate("window.samskabRealtime.queued") == 1
        expect(projector.locator("#ideas .idea", has_text=second)).to_have_count(0)

        phone_context.set_offline(False)
        expect(projector.locator("#ideas .idea", has_text=second)).to_have_count(1, timeout=15_000)
        wait_online(phone)
        phone.wait_for_function("window.samskabRealtime.queued === 0", timeout=10_000)
        # Give held frames and a second delivery every chance to show up twice.
        projector.wait_for_timeout(2000)
        expect(projector.locator("#ideas .idea", has_text=second)).to_have_count(1)
        expect(phone.locator("#ideas .idea", has_text=second)).to_have_count(1)
        expect(projector.locator("#ideas .idea", has_text=first)).to_have_count(1)
        assert ideas_in_database(live, second) == 1
        assert ideas_in_database(live, first) == 1
    finally:
        phone_context.close()
        laptop.close()
        print("server log:", live.log_tail())
