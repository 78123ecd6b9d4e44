"""New ideas reach a screen reader in batches ("3 new ideas") through the page's one polite
live region, not read out one by one from the wall (issue 9)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_big_and_private import join_as
from tests.e2e.test_live_journey import post_idea

pytestmark = pytest.mark.e2e

OTHERS_POST = """
import json, uuid
from ideas.actions.ideas import do_submit_idea
from tests.conftest import join
from workshops.actions.base import Actor
from workshops.models import Workshop
workshop = Workshop.objects.get(pk={workshop_id})
other, _token = join(workshop, "Ole")
for text in ("Choir for all ages", "Repair café", "Walks with shelter dogs"):
    do_submit_idea(actor=Actor.for_participant(other), workshop=workshop, text=text,
                   client_key=uuid.uuid4())
print(json.dumps([Workshop.objects.get(pk=workshop.pk).seq]))
"""
TO_IDEAS = """
import json
from workshops.models import Workshop
Workshop.objects.filter(pk={workshop_id}).update(phase="ideas")
print(json.dumps([1]))
"""


def test_new_ideas_are_announced_in_a_batch(live, chromium_browser):
    workshop_id = live.workshop["workshop_id"]
    live.run_python(TO_IDEAS.format(workshop_id=workshop_id))
    phone = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = phone.new_page()
        join_as(page, live.base_url, live.workshop["code"], name="Bo")
        expect(page.locator("#ideas")).not_to_have_attribute("aria-live", "polite")

        live.run_python(OTHERS_POST.format(workshop_id=workshop_id))
        expect(page.locator("#ideas .idea")).to_have_count(3, timeout=10_000)
        expect(page.locator("#notices")).to_have_attribute("aria-live", "polite")
        expect(page.locator("#notices")).to_contain_text("3 new ideas", timeout=10_000)

        post_idea(page, "Story café at the library")
        expect(page.locator("#notices")).to_contain_text("One new idea", timeout=10_000)
    finally:
        phone.close()
