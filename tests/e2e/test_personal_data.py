"""Issue 8's personal data and pause in a real browser against a real Daphne process: the
notice on the join page, the facilitator's pause seen live on a phone (the refused idea's text
kept), and from the phone "Your data": a download, then deleting one's name, which the
console shows at once. The phone is 360 px wide and never scrolls sideways."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_big_and_private import shoot, sign_in
from tests.e2e.test_live_journey import post_idea, wait_online

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide"


def test_notice_pause_download_and_forgetting_my_name(live, chromium_browser):
    code = live.workshop["code"]
    live.run_python(
        "import json; from workshops.models import Workshop; "
        f"Workshop.objects.filter(pk={live.workshop['workshop_id']}).update(phase='ideas'); "
        "print(json.dumps([1]))"
    )
    laptop = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    handset = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        console = laptop.new_page()
        sign_in(console, live.base_url, code)
        phone = handset.new_page()

        phone.goto(f"{live.base_url}/j/{code}/")
        notice = phone.locator("#privacy-notice")
        expect(notice).to_contain_text("days after the workshop closes")
        no_sideways_scroll(phone)
        notice.get_by_role("link", name="How we handle your data").tap()
        expect(phone.get_by_role("heading", name="What is stored")).to_be_visible()
        no_sideways_scroll(phone)
        phone.go_back()
        phone.get_by_label("Your name").fill("Anna Andersen")
        phone.get_by_label("Citizen").check()
        phone.get_by_role("button", name="Join").tap()
        expect(phone).to_have_url(f"{live.base_url}/w/{code}/")
        wait_online(phone)
        post_idea(phone, "A lending library for tools")
        expect(console.locator("#stage")).to_contain_text("Anna Andersen", timeout=10_000)

        # The pause: the phone is told, the idea is refused and its text stays in the form.
        console.get_by_role("button", name="Pause submissions").click()
        expect(phone.locator("#paused")).to_contain_text("paused new submissions")
        expect(console.get_by_role("button", name="Resume submissions")).to_be_visible()
        post_idea(phone, "Sent while paused")
        expect(phone.locator(".idea-form")).to_contain_text("paused new submissions")
        expect(phone.locator("#idea-text")).to_have_value("Sent while paused")
        shoot(phone, "phone-paused")
        console.get_by_role("button", name="Resume submissions").click()
        expect(phone.locator("#paused")).not_to_contain_text("paused")

        # Your data: download, then delete my name.
        phone.get_by_role("link", name="Your data").tap()
        expect(phone.get_by_role("heading", name="Your data")).to_be_visible()
        no_sideways_scroll(phone)
        with phone.expect_download() as download:
            phone.get_by_role("link", name="Download what I contributed (JSON)").tap()
        mine = json.loads(download.value.path().read_text(encoding="utf-8"))
        assert mine["you"]["name"] == "Anna Andersen"
        assert [idea["text"] for idea in mine["ideas"]] == ["A lending library for tools"]

        phone.get_by_role("button", name="Delete my name").tap()  # without the tick: refused
        expect(phone.locator("#error-forget-name")).to_contain_text("Tick the box")
        phone.get_by_label("Yes, delete my name").check()
        phone.get_by_role("button", name="Delete my name").tap()
        expect(phone.locator(".messages")).to_contain_text("Your name is deleted")
        shoot(phone, "phone-my-data")
        # The console, without a reload, no longer names her; the idea stays.
        expect(console.locator("#screen")).not_to_contain_text("Anna Andersen", timeout=10_000)
        expect(console.locator("#stage")).to_contain_text("A lending library for tools")
    finally:
        laptop.close()
        handset.close()
