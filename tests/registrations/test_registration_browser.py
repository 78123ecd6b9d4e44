"""Registering from a phone in a real browser (Chromium, 360 px) against a real Daphne process:
a bad e-mail is refused with everything typed kept, the personal page's link joins the
meeting, and no page scrolls sideways. Staff see the registration on a desktop.

Set SCREENSHOTS=<directory> to keep screenshots of the pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import chromium
from tests.e2e.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.live_server import FACILITATOR_PASSWORD, FACILITATOR_USERNAME, live_server

pytestmark = pytest.mark.e2e

CREATE_INVITATION = """
import json
from datetime import timedelta
from django.utils import timezone
from registrations.models import Invitation
from workshops.models import Organisation, Workshop
Organisation.objects.create(name="Nordby Boldklub", sector="sports")
Organisation.objects.create(name="Kultur og Fritid", sector="municipal")
starts = (timezone.now() + timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
invitation = Invitation.objects.create(
    workshop=Workshop.objects.get(pk={workshop_id}), starts_at=starts,
    ends_at=starts + timedelta(hours=3), place="Nordby Medborgerhus, the big hall",
    address="Skolevej 4, 9999 Nordby",
    programme="18.00 Coffee and cake\\n18.30 Welcome by the mayor\\n"
    "19.00 Idea workshop in groups\\n20.45 What happens next",
    registration_deadline=starts - timedelta(minutes=30), capacity=80,
    contact_name="Mette Holm, Culture and Leisure",
    contact_email="mette.holm@nordby-kommune.example", contact_phone="+45 12 34 56 78",
    published=True,
)
print(json.dumps({{"slug": invitation.slug}}))
"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def live():
    with live_server() as server:
        server.workshop = server.create_workshop(
            language="en",
            title="Together across generations",
            question="How can more people in Nordby meet across age?",
        )
        server.invitation = server.run_python(
            CREATE_INVITATION.format(workshop_id=server.workshop["workshop_id"])
        )
        yield server


def shoot(page: Page, name: str) -> None:
    directory = os.environ.get("SCREENSHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls {overflow} px sideways"


def test_a_phone_registers_and_its_link_joins_the_meeting(live, browser):
    slug = live.invitation["slug"]
    code = live.workshop["code"]
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    phone.add_init_script(RECORD_VIOLATIONS)
    try:
        page = phone.new_page()
        page.goto(f"{live.base_url}/i/{slug}/")
        expect(page.get_by_role("heading", name="Together across generations")).to_be_visible()
        expect(page.get_by_text("Skolevej 4, 9999 Nordby")).to_be_visible()
        no_sideways_scroll(page)
        shoot(page, "registration-invitation-phone")

        page.get_by_label("Your name").fill("Anna Berg")
        page.get_by_label("…or type the name of your organisation").fill("Nordby Landsbyråd")
        page.get_by_label("Your organisation's sector").select_option("rural")
        page.get_by_label("Volunteer").check()
        page.get_by_label("E-mail (optional)").fill("anna@example")
        page.get_by_label("Accessibility or dietary needs").fill("Step-free access")
        page.get_by_label("I have read the privacy notice").check()
        page.get_by_role("button", name="Register").click()

        expect(page.get_by_text("Check the e-mail address")).to_be_visible()
        expect(page.get_by_label("Your name")).to_have_value("Anna Berg")
        expect(page.get_by_label("Accessibility or dietary needs")).to_have_value(
            "Step-free access"
        )
        expect(page.get_by_label("I have read the privacy notice")).to_be_checked()
        no_sideways_scroll(page)
        shoot(page, "registration-bad-email-phone")

        page.get_by_label("E-mail (optional)").fill("anna@example.org")
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_text("You are registered. Welcome!")).to_be_visible()
        expect(page.get_by_text("Nordby Landsbyråd is new to us")).to_be_visible()
        no_sideways_scroll(page)
        shoot(page, "registration-personal-phone")

        page.get_by_role("button", name="Join the meeting").click()
        expect(page).to_have_url(f"{live.base_url}/w/{code}/")
        assert violations(page) == []
    finally:
        phone.close()


def test_staff_see_the_registration_and_the_summary(live, browser):
    code = live.workshop["code"]
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = desktop.new_page()
        page.goto(f"{live.base_url}/accounts/login/?next=/w/{code}/registrations/")
        page.get_by_label("Username").fill(FACILITATOR_USERNAME)
        page.get_by_label("Password").fill(FACILITATOR_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{live.base_url}/w/{code}/registrations/")
        row = page.locator("tr", has_text="Anna Berg")
        expect(row).to_contain_text("Nordby Landsbyråd")
        expect(row).to_contain_text("joined")
        expect(page.get_by_text("1 organisations (1 people)")).to_be_visible()
        shoot(page, "registration-staff-desktop")
        page.goto(f"{live.base_url}/w/{code}/registrations/names/")
        expect(page.get_by_role("cell", name="Anna Berg")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.get_by_role("button", name="Print")).to_be_hidden()
    finally:
        desktop.close()


def test_the_invitation_prints_with_its_qr_code_and_without_the_form(live, browser):
    slug = live.invitation["slug"]
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = desktop.new_page()
        page.goto(f"{live.base_url}/i/{slug}/")
        no_sideways_scroll(page)
        shoot(page, "registration-invitation-desktop")
        page.emulate_media(media="print")
        expect(page.locator(".invitation-qr svg")).to_be_visible()
        expect(page.get_by_text("Skolevej 4, 9999 Nordby")).to_be_visible()
        expect(page.get_by_role("heading", name="Register")).to_be_hidden()
        expect(page.get_by_role("button", name="Print")).to_be_hidden()
    finally:
        desktop.close()


@pytest.mark.parametrize(("language", "register"), [("da", "Tilmeld dig"), ("sv", "Anmäl dig")])
def test_the_invitation_in_danish_and_swedish_fits_a_phone(live, browser, language, register):
    phone = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    phone.add_cookies([{"name": "django_language", "value": language, "url": live.base_url}])
    try:
        page = phone.new_page()
        page.goto(f"{live.base_url}/i/{live.invitation['slug']}/")
        expect(page.get_by_role("heading", name=register)).to_be_visible()
        no_sideways_scroll(page)
        shoot(page, f"registration-invitation-phone-{language}")
    finally:
        phone.close()
