"""A facilitator's choice in a control survives a live fragment that replaces the control.

Issue 9: a "move to theme" chosen in the console was lost when fragments arrived between
choosing the theme and pressing Move (the swap put the select back to the server's value). Here
a second console tab adds a theme after the choice, which re-renders every card's select; the
first tab's Move must still move the idea where its facilitator chose.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_live_journey import wait_online

pytestmark = pytest.mark.e2e

SETUP = """
import json, uuid
from django.contrib.auth import get_user_model
from ideas.actions.ideas import do_submit_idea
from ideas.actions.themes import do_manage_theme
from tests.conftest import join
from workshops.actions.base import Actor
from workshops.actions.phase import do_change_phase
from workshops.models import Workshop
workshop = Workshop.objects.get(pk={workshop_id})
facilitator = Actor.for_facilitator(get_user_model().objects.get(username="facilitator"))
author, _token = join(workshop, "Ole")
for target in ("knowledge", "ideas"):
    workshop = do_change_phase(actor=facilitator, workshop=workshop, target=target)
idea, _ = do_submit_idea(actor=Actor.for_participant(author), workshop=workshop,
                         text="Repair café with the scouts", client_key=uuid.uuid4())
workshop = do_change_phase(actor=facilitator, workshop=workshop, target="clustering")
theme = do_manage_theme(actor=facilitator, workshop=workshop, op="create", name="Repairs")
print(json.dumps({{"idea": idea.pk, "theme": theme.pk}}))
"""
SESSION = """
import json
from django.contrib.auth import get_user_model
from tests.e2e.showcase import signed_in_session
print(json.dumps([signed_in_session(get_user_model().objects.get(username="facilitator"))]))
"""


def test_a_chosen_theme_survives_a_fragment_before_move(live, chromium_browser):
    code = live.workshop["code"]
    made = live.run_python(SETUP.format(workshop_id=live.workshop["workshop_id"]))
    session = live.run_python(SESSION)[0]
    laptop = chromium_browser.new_context(viewport={"width": 1366, "height": 768})
    laptop.add_cookies([{"name": "sessionid", "value": session, "url": live.base_url}])
    try:
        console, other_tab = laptop.new_page(), laptop.new_page()
        for page in (console, other_tab):
            page.goto(f"{live.base_url}/w/{code}/console/")
            wait_online(page)
        card = f"#board-idea-{made['idea']}"
        console.locator(card).focus()  # a card shows its "move to" when focused or hovered
        select = console.locator(f"#move-{made['idea']}")
        select.select_option(str(made["theme"]))
        select.focus()

        # Meanwhile another tab adds a theme: every card, and its select, is replaced.
        other_tab.get_by_label("New theme").fill("Food")
        other_tab.get_by_role("button", name="Add theme").click()
        expect(console.locator(f"{card} option", has_text="Food")).to_have_count(1)

        expect(select).to_have_value(str(made["theme"]))
        console.bring_to_front()  # the other tab had the window's focus
        assert console.evaluate("document.activeElement.id") == f"move-{made['idea']}"
        console.locator(card).get_by_role("button", name="Move").click()
        column = console.locator(f"#column-{made['theme']}")
        expect(column.locator(card)).to_have_count(1)
    finally:
        laptop.close()
