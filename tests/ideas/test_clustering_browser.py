"""The board in a real browser: an idea moved by keyboard and by drag and drop (board.js), and
an Open Space phone seeing its own controls (the page-level presence and host rules)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import chromium_browser, live  # noqa: F401 - fixtures
from tests.live_server import FACILITATOR_PASSWORD, FACILITATOR_USERNAME

pytestmark = pytest.mark.e2e

SETUP = """
import json
from ideas.models import Idea, Theme
from workshops.models import Workshop
w = Workshop.objects.get(pk={workshop_id})
w.phase = "clustering"
w.save()
food = Theme.objects.create(workshop=w, name="Food", position=1)
walks = Theme.objects.create(workshop=w, name="Walks", position=2)
a = Idea.objects.create(workshop=w, text="Shared lunch at the library")
b = Idea.objects.create(workshop=w, text="Evening walks for neighbours")
print(json.dumps({{"food": food.pk, "walks": walks.pk, "a": a.pk, "b": b.pk}}))
"""


def theme_of(server, idea_id):
    return server.run_python(
        "import json; from ideas.models import Idea; "
        f"print(json.dumps([Idea.objects.get(pk={idea_id}).theme_id]))"
    )[0]


def test_keyboard_and_drag_and_drop_move_ideas(live, chromium_browser):  # noqa: F811
    from tests.e2e.test_live_journey import assert_accessible

    code = live.workshop["code"]
    ids = live.run_python(SETUP.format(workshop_id=live.workshop["workshop_id"]))
    laptop = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        console = laptop.new_page()
        console.goto(f"{live.base_url}/accounts/login/?next=/w/{code}/console/")
        console.get_by_label("Username").fill(FACILITATOR_USERNAME)
        console.get_by_label("Password").fill(FACILITATOR_PASSWORD)
        console.get_by_role("button", name="Sign in").click()
        expect(console.locator("body")).to_have_attribute(
            "data-connection", "online", timeout=10_000
        )

        # Keyboard: Space picks the card up, → goes to the next column (Food), Space drops.
        card = console.locator(f"#board-idea-{ids['a']}")
        card.focus()
        console.keyboard.press("Space")
        console.keyboard.press("ArrowRight")
        expect(console.locator("#board-live")).to_contain_text("Food")
        console.keyboard.press("Space")
        expect(console.locator(f"#column-{ids['food']} #board-idea-{ids['a']}")).to_have_count(
            1, timeout=10_000
        )
        expect(console.locator(f"#column-{ids['food']} .count")).to_contain_text("1")
        assert theme_of(live, ids["a"]) == ids["food"]
        assert_accessible(console, "the clustering board")

        # Mouse: drag the other idea (by its text, not its controls) onto Walks.
        console.locator(f"#board-idea-{ids['b']}").drag_to(
            console.locator(f"#column-{ids['walks']} .board-ideas"),
            source_position={"x": 12, "y": 10},
        )
        expect(console.locator(f"#column-{ids['walks']} #board-idea-{ids['b']}")).to_have_count(
            1, timeout=10_000
        )
        assert theme_of(live, ids["b"]) == ids["walks"]

        # Phone path: the "Move to" select.
        console.select_option(f"#move-{ids['b']}", label="Unsorted")
        console.locator(f"#board-idea-{ids['b']} .move-form button").click()
        expect(console.locator(f"#column-unsorted #board-idea-{ids['b']}")).to_have_count(
            1, timeout=10_000
        )
    finally:
        laptop.close()


SPACES = """
import json
from workshops.models import Space, SpaceLocation, SpaceSlot, Workshop
w = Workshop.objects.get(pk={workshop_id})
w.phase = "ideas"
w.use_spaces = True
w.save()
SpaceLocation.objects.create(workshop=w, name="Table 1")
SpaceSlot.objects.create(workshop=w, label="10:00")
print(json.dumps({{}}))
"""


def test_open_space_phone_sees_its_own_controls(live, chromium_browser):  # noqa: F811
    from tests.e2e.test_live_journey import assert_accessible

    code = live.workshop["code"]
    live.run_python(SPACES.format(workshop_id=live.workshop["workshop_id"]))
    phones = [
        chromium_browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
        )
        for _ in range(2)
    ]
    try:
        host, guest = (phone.new_page() for phone in phones)
        for page, name in ((host, "Hana"), (guest, "Gus")):
            page.goto(f"{live.base_url}/j/{code}/")
            page.get_by_label("Your name").fill(name)
            page.get_by_label("Volunteer").check()
            page.get_by_role("button", name="Join").tap()
            expect(page.locator("body")).to_have_attribute(
                "data-connection", "online", timeout=10_000
            )
        host.get_by_label("Propose a topic you want to host").fill("Lunch club")
        host.get_by_role("button", name="Propose topic").tap()
        space = host.locator(".space", has_text="Lunch club")
        expect(space.locator(".place-form")).to_be_visible(timeout=10_000)  # host only
        guest_space = guest.locator(".space", has_text="Lunch club")
        expect(guest_space).to_have_count(1, timeout=10_000)
        expect(guest_space.locator(".place-form")).to_be_hidden()
        host.select_option(".place-form select", label="Table 1, 10:00")
        host.locator(".place-form button").tap()
        expect(guest.locator("#agenda .agenda-topic")).to_have_text("Lunch club", timeout=10_000)

        guest_space = guest.locator(".space", has_text="Lunch club")
        guest_space.get_by_role("button", name="Join Lunch club").tap()
        expect(guest_space.get_by_role("button", name="Leave Lunch club")).to_be_visible(
            timeout=10_000
        )
        expect(guest_space.get_by_role("button", name="Join Lunch club")).to_be_hidden()
        expect(host.locator(".space", has_text="Lunch club").locator(".people")).to_contain_text(
            "Gus", timeout=10_000
        )
        assert_accessible(guest, "the Open Space phone screen")
    finally:
        for phone in phones:
            phone.close()
