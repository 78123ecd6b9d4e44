"""Phone layout in a real browser (Debian's Chromium): the vote results and the initiative
reference at 320 and 390 px. The page is rendered by Django's test client and handed to the
browser with our own static files, so no server process is needed; boxes are measured.

The browser starts after the page is rendered and stops before the test ends: playwright's sync
API runs an event loop in this thread while it is up, and the ORM refuses to work under one."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

from ideas.models import Idea, Vote, VotingRound
from tests.conftest import join, make_workshop, set_phase
from tests.e2e.conftest import chromium
from tests.ideas.flow_helpers import initiative_in
from workshops.codes import participant_cookie_name

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

ORIGIN = "http://samskab.test"
# Set to a folder to keep a screenshot of each page measured (for a person to look at).
SHOTS = os.environ.get("SAMSKAB_LAYOUT_SHOTS", "")


WIDTHS = (320, 390)


def phone_screen(client, workshop, token: str) -> str:
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    response = client.get(f"/w/{workshop.join_code}/")
    assert response.status_code == 200
    return response.content.decode()


def open_on_phone(browser, html: str, width: int):
    """The page as a phone `width` px wide shows it, with our stylesheets and scripts; nothing
    else is fetched (the live connection simply stays offline)."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    static_root = Path(settings.BASE_DIR) / "static"

    def serve(route):
        url = route.request.url
        path = urlparse(url).path
        if url == f"{ORIGIN}/phone/":
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        elif path.startswith("/static/") and (static_root / path[len("/static/") :]).is_file():
            route.fulfill(path=static_root / path[len("/static/") :])
        else:
            route.abort()

    page.route("**/*", serve)
    page.goto(f"{ORIGIN}/phone/")
    return context, page


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def revealed_results(facilitator, language: str):
    workshop = make_workshop(facilitator, language=language)
    voter, token = join(workshop, "Anna")
    titles = [
        "Fællesspisning i medborgerhuset hver torsdag med plads til alle generationer",
        "Gåklub",
        "Bytte-reol på biblioteket, hvor naboer kan låne værktøj og bøger af hinanden",
    ]
    ideas = [Idea.objects.create(workshop=workshop, author=voter, title=t, text=t) for t in titles]
    voting = VotingRound.objects.create(workshop=workshop, budget=30, max_per_item=30)
    for idea, dots in zip(ideas, (12, 12, 3), strict=True):
        Vote.objects.create(round=voting, participant=voter, idea=idea, dots=dots)
    moment = workshop.created_at
    VotingRound.objects.filter(pk=voting.pk).update(
        opened_at=moment, closed_at=moment, revealed_at=moment
    )
    set_phase(workshop, "voting")
    return workshop, token


def test_vote_results_never_overlap_on_a_phone(client, facilitator):
    workshop, token = revealed_results(facilitator, "da")
    html = phone_screen(client, workshop, token)
    assert 'class="results"' in html
    with chromium() as browser:
        for width in WIDTHS:
            context, page = open_on_phone(browser, html, width)
            try:
                shot(page, f"results-{width}")
                rows = page.locator(".result")
                assert rows.count() == 3
                for index in range(rows.count()):
                    parts = {
                        name: rows.nth(index).locator(selector).bounding_box()
                        for name, selector in [
                            ("rank", ".rank"),
                            ("label", ".result-label"),
                            ("bar", ".bar"),
                            ("dots", ".result-dots"),
                        ]
                    }
                    names = list(parts)
                    for i, first in enumerate(names):
                        for second in names[i + 1 :]:
                            assert not overlaps(parts[first], parts[second]), (
                                width,
                                index,
                                first,
                                second,
                            )
                    for name, box in parts.items():
                        assert box["width"] > 0 and box["x"] + box["width"] <= width, (
                            width,
                            index,
                            name,
                        )
                assert page.evaluate("document.documentElement.scrollWidth") <= width
            finally:
                context.close()


def test_initiative_reference_stays_on_one_line(client, facilitator):
    workshop = make_workshop(facilitator, language="sv")
    initiative_in(
        workshop,
        reference="12",
        title="Generationsgränsöverskridande gemenskapsmåltider i kvarterslokalen",
    )
    _participant, token = join(workshop)
    set_phase(workshop, "refinement")
    html = phone_screen(client, workshop, token)
    with chromium() as browser:
        for width in WIDTHS:
            context, page = open_on_phone(browser, html, width)
            try:
                shot(page, f"reference-{width}")
                reference = page.locator(".initiative-head .reference").first
                assert reference.inner_text().strip() == "12"
                lines = reference.evaluate("el => el.getClientRects().length")
                box = reference.bounding_box()
                line_height = reference.evaluate(
                    "el => parseFloat(getComputedStyle(el).lineHeight) || el.offsetHeight"
                )
                assert lines == 1 and box["height"] < 1.5 * line_height, (width, box, line_height)
                title = page.locator(".initiative-head .initiative-title").first.bounding_box()
                assert not overlaps(box, title), width
                assert page.evaluate("document.documentElement.scrollWidth") <= width
            finally:
                context.close()
