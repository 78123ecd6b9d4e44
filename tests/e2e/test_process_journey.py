"""Staff create a process from templates in a real browser, carry ideas into a later meeting,
and open the process's catalogue; the new screens fit a phone and are kept as screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import chromium
from tests.live_server import live_server

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
# Screenshots are written only when asked (SCREENSHOTS=1), so test runs leave the tree alone.
WRITE_SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"

STAFF = """
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("planner", password="planner-password", is_staff=True)
print("{}")
"""

IDEAS = """
import json
from django.utils import timezone
from ideas.models import Idea, Theme, Vote, VotingRound
from processes.models import Process
from workshops.actions.join import do_join
meeting = Process.objects.get().meetings.order_by("position")[1]
workshop = meeting.workshop
theme = Theme.objects.create(workshop=workshop, name="Walks and talks")
ideas = [
    Idea.objects.create(workshop=workshop, title=title, text=text, theme=theme if n < 2 else None)
    for n, (title, text) in enumerate([
        ("Walking group", "A walk every Tuesday from the library"),
        ("Coffee bench", "A bench with a sign: sit here if you want to talk"),
        ("Dinner club", "Cook together once a month in the school kitchen"),
    ])
]
now = timezone.now()
r = VotingRound.objects.create(workshop=workshop, number=1, budget=20, max_per_item=20,
                               opened_at=now, closed_at=now, revealed_at=now)
voter = do_join(workshop=workshop, display_name="Voter", anonymous=True).participant
for idea, dots in zip(ideas, [12, 5, 3]):
    Vote.objects.create(round=r, participant=voter, idea=idea, dots=dots)
print(json.dumps({"meeting": meeting.pk}))
"""


@pytest.fixture(scope="module")
def server():
    with live_server() as live:
        live.run_python(STAFF)
        yield live


def _shoot(page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{name} scrolls sideways ({width}px)"
    if WRITE_SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_staff_create_a_process_from_templates_and_carry_ideas(server):
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-GB")
        page = context.new_page()
        page.goto(f"{server.base_url}/accounts/login/?next=/staff/processes/new/")
        page.get_by_label("Username").fill("planner")
        page.get_by_label("Password").fill("planner-password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/staff/processes/new/")
        # The four meetings of the Danish model are pre-filled from the built-in templates.
        assert (
            page.locator("#id_m1-template option:checked")
            .inner_text()
            .startswith("Idea workshop with Open Space")
        )
        page.get_by_label("Title", exact=True).fill("Communities against loneliness")
        page.get_by_label("Challenge").fill("How do fewer older people end up lonely?")
        page.locator("#id_language").select_option("en")
        page.locator("#id_m1-place").fill("Nordby")
        page.locator("#id_m2-place").fill("Sønderby")
        _shoot(page, "process-new")
        page.get_by_role("button", name="Create the process").click()
        page.wait_for_url("**/staff/processes/*/")
        assert page.get_by_text("The process is created with its meetings.").is_visible()
        titles = page.locator(".meeting h3").all_inner_texts()
        assert titles == [
            "Knowledge and framing meeting",
            "Idea workshop, Nordby",
            "Idea workshop, Sønderby",
            "Refinement workshop",
        ]
        meeting = server.run_python(IDEAS)["meeting"]
        page.reload()
        assert "3 ideas" in page.locator(f"#meeting-{meeting}").inner_text()
        _shoot(page, "process-detail")

        page.locator(".meeting").nth(3).get_by_role("link", name="Carry ideas forward").click()
        page.get_by_label("Walks and talks").check()
        page.get_by_text("Dinner club").click()
        _shoot(page, "process-carry")
        page.get_by_role("button", name="Carry the chosen forward").click()
        assert page.get_by_text("Carried 3 ideas and 1 themes").is_visible()
        assert "3 carried in" in page.locator(".meeting").nth(3).inner_text()

        catalogue = context.new_page()
        href = page.locator("a", has_text="Open the catalogue").get_attribute("href")
        catalogue.goto(f"{server.base_url}{href}")
        text = catalogue.locator("body").inner_text()
        assert "From “Idea workshop, Nordby” in Nordby, 12 dots" in text

        page.goto(f"{server.base_url}/staff/templates/?language=da")
        assert page.get_by_text("Idéværksted med Open Space").is_visible()
        _shoot(page, "templates")
        context.close()


def test_staff_pages_at_desktop_width(server):
    """The same screens on a laptop, for the screenshots (and no sideways scroll there)."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
        page = context.new_page()
        page.goto(f"{server.base_url}/accounts/login/?next=/staff/processes/")
        page.locator("#id_username").fill("planner")
        page.locator("#id_password").fill("planner-password")
        page.locator("button[type=submit]").click()
        page.wait_for_url("**/staff/processes/")
        page.locator(".process-list a").first.click()
        page.wait_for_url("**/staff/processes/*/")
        _shoot(page, "process-detail-desktop")
        context.close()
