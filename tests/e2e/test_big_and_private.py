"""Issue 8, findings 1, 8 and 7 in a real browser against a real Daphne process.

- A wall longer than a screen's first page: "Show older ideas" loads the next page in place
  (htmx, no inline script: the Content-Security-Policy stays quiet), and loaded ideas behave
  like the others (an author's own controls, live edits).
- An anonymous author sees the controls of their own ideas (a style only their page and
  their personal messages carry); another phone sees them on nobody's.
- A removed phone lands on a "you were removed" page, also after trying to join again, until
  the facilitator lets them back in.

Set SCREENSHOTS=<directory> to keep screenshots of the screens.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.e2e.test_live_journey import advance_phase, post_idea, wait_online
from tests.live_server import FACILITATOR_PASSWORD, FACILITATOR_USERNAME

pytestmark = pytest.mark.e2e

OLDER = 130  # ideas posted by others before ours: ours end up on the second page
ADD_IDEAS = """
import json
from ideas.models import Idea
from tests.conftest import join
from workshops.models import Workshop
workshop = Workshop.objects.get(pk={workshop_id})
other, _token = join(workshop, "Ole")
Idea.objects.bulk_create([
    Idea(workshop=workshop, author=other, title=f"Older idea {{n:03d}}",
         text="Walking football for all ages on Saturday mornings in the park.")
    for n in range({count})
])
print(json.dumps([Idea.objects.filter(workshop=workshop).count()]))
"""


def shoot(page: Page, name: str) -> None:
    directory = os.environ.get("SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=False)


def sign_in(page: Page, base_url: str, code: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next=/w/{code}/console/")
    page.get_by_label("Username").fill(FACILITATOR_USERNAME)
    page.get_by_label("Password").fill(FACILITATOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base_url}/w/{code}/console/")
    wait_online(page)


def join_as(page: Page, base_url: str, code: str, name: str = "", anonymous: bool = False):
    page.goto(f"{base_url}/j/{code}/")
    if anonymous:
        page.get_by_label("Join anonymously").check()
    else:
        page.get_by_label("Your name").fill(name)
    page.get_by_label("Citizen").check()
    page.get_by_role("button", name="Join").tap()
    expect(page).to_have_url(f"{base_url}/w/{code}/")
    wait_online(page)


def test_older_ideas_own_controls_and_removal(live, chromium_browser):
    code = live.workshop["code"]
    laptop = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    phones = [
        chromium_browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
        )
        for _ in range(2)
    ]
    for context in (laptop, *phones):
        context.add_init_script(RECORD_VIOLATIONS)
    try:
        console = laptop.new_page()
        sign_in(console, live.base_url, code)
        advance_phase(console, "knowledge")
        advance_phase(console, "ideas")

        # An anonymous author posts two ideas; then many more ideas come in.
        author = phones[0].new_page()
        join_as(author, live.base_url, code, anonymous=True)
        mine = ["Repair café with the scouts", "Choir for grandparents and grandchildren"]
        for text in mine:
            post_idea(author, text)
            expect(author.locator("#ideas .idea", has_text=text)).to_have_count(1)
        # Live: the new ideas' controls showed at once, from the author's personal style.
        expect(
            author.locator("#ideas .idea", has_text=mine[1]).locator(".own-only")
        ).to_be_visible()
        live.run_python(ADD_IDEAS.format(workshop_id=live.workshop["workshop_id"], count=OLDER))

        other = phones[1].new_page()
        join_as(other, live.base_url, code, name="Bo")
        author.reload()
        wait_online(author)
        for page in (author, other):
            expect(page.locator("#ideas > .idea")).to_have_count(100)
            expect(page.locator("#ideas-more")).to_contain_text("Show older ideas (32 more)")
            expect(page.locator("#ideas .idea", has_text=mine[0])).to_have_count(0)
        author.locator("#ideas-more").scroll_into_view_if_needed()
        shoot(author, "phone-wall-first-page")

        # Hidden and shown again meanwhile, an idea the phones had not loaded goes on top…
        moderated = console.locator("#ideas .idea", has_text=mine[0])
        moderated.get_by_role("button", name="Hide").click()
        expect(moderated.get_by_role("button", name="Show")).to_be_visible()
        moderated.get_by_role("button", name="Show").click()
        for page in (author, other):
            expect(page.locator("#ideas > .idea").first).to_contain_text(mine[0])

        # Loading the next page puts the older ideas in place, ours among them (…and the
        # copy on top goes: one of each).
        for page in (author, other):
            page.locator("#ideas-more a").tap()
            expect(page.locator("#ideas-more")).to_have_count(0)
            expect(page.locator("#ideas > .idea")).to_have_count(OLDER + 2)
            expect(page.locator("#ideas > .idea").last).to_contain_text(mine[0])
        author.locator("#ideas .idea", has_text=mine[0]).scroll_into_view_if_needed()
        shoot(author, "phone-wall-older-loaded")
        # Only the author sees (and can use) the controls of their anonymous ideas.
        for text in mine:
            expect(
                author.locator("#ideas .idea", has_text=text).locator(".own-only")
            ).to_be_visible()
            expect(other.locator("#ideas .idea", has_text=text).locator(".own-only")).to_be_hidden()
        expect(other.locator(".own-only:visible")).to_have_count(0)
        assert other.locator("[data-author]").count() == 0
        own = author.locator("#ideas .idea", has_text=mine[0])
        own.get_by_text("Edit").tap()
        own.locator("textarea[name=text]").fill("Repair café with the scouts, every month")
        own.get_by_role("button", name="Save").tap()
        expect(other.locator("#ideas .idea", has_text="every month")).to_have_count(1)
        expect(author.locator("#ideas .idea", has_text="every month")).to_have_count(1)

        # The console: a long wall, then the removal of Bo and letting him back in.
        console.reload()  # the ideas added behind its back
        wait_online(console)
        expect(console.locator("#ideas-more")).to_contain_text("Show older ideas")
        shoot(console, "console-wall")
        console.on("dialog", lambda dialog: dialog.accept())  # "Remove Bo from the workshop?"
        console.locator("#participants li", has_text="Bo").get_by_role("button").click()
        expect(other.locator("body")).to_contain_text(
            "The facilitator has removed you from this workshop", timeout=10_000
        )
        expect(other).to_have_url(f"{live.base_url}/j/{code}/")
        shoot(other, "phone-barred")
        # Joining again from the same phone, under another name, is refused.
        other.goto(f"{live.base_url}/j/{code}/")
        expect(other.get_by_label("Your name")).to_have_count(0)
        console.locator("#removed-participants summary").click()
        expect(console.locator("#removed-participants")).to_contain_text("Bo")
        console.locator("#removed-participants").scroll_into_view_if_needed()
        shoot(console, "console-removed")
        console.locator("#removed-participants").get_by_role("button", name="Let back in").click()
        expect(console.locator("#participants")).to_contain_text("Bo")
        other.goto(f"{live.base_url}/w/{code}/")
        wait_online(other)
        expect(other.locator("#screen")).to_have_attribute("data-phase", "ideas")

        # The clustering board: the top of each column, the rest a click away.
        advance_phase(console, "clustering")
        unsorted = console.locator("#column-unsorted-ideas")
        expect(unsorted.locator(".board-idea")).to_have_count(96)
        expect(console.locator("#column-unsorted-more")).to_contain_text("Show more ideas")
        shoot(console, "console-board")
        console.locator("#column-unsorted-more a").click()
        expect(unsorted.locator(".board-idea")).to_have_count(OLDER + 2)

        for page in (console, author, other):
            assert violations(page) == [], page.url
    finally:
        for context in (*phones, laptop):
            context.close()
        print("server log:", live.log_tail())
