"""Voting over websockets: totals never leave the server before the reveal, each phone (both
of one person's phones) follows its own dots, and the reveal reaches every screen."""

import re
import uuid

import pytest
from channels.db import database_sync_to_async

from tests.conftest import join, open_screen, set_phase
from tests.ideas.flow_helpers import add_ideas

pytestmark = pytest.mark.django_db(transaction=True)

RESULT_MARKERS = ("voting-results", "result-dots", "bar-fill", 'class="result')


def own_dots(frames, dom_id):
    """The last own-dots value a screen was sent for one item."""
    found = re.findall(rf'id="{dom_id}" class="my-dots" data-dots="(\d+)"', "".join(frames))
    return int(found[-1]) if found else None


@database_sync_to_async
def setup_voting(workshop):
    anna, anna_token = join(workshop, "Anna")
    bo, bo_token = join(workshop, "Bo")
    set_phase(workshop, "voting")
    first, second = add_ideas(workshop, "Fællesspisning i hallen", "Gå-hold om morgenen")
    return anna_token, bo_token, first, second


async def open_all(workshop, facilitator, anna_token, bo_token):
    screens = {
        "console": await open_screen(workshop, "facilitator", user=facilitator),
        "projector": await open_screen(workshop, "projector", user=facilitator),
        "anna": await open_screen(workshop, "participant", token=anna_token),
        "anna2": await open_screen(workshop, "participant", token=anna_token),
        "bo": await open_screen(workshop, "participant", token=bo_token),
    }
    for name, (screen, connected, _code) in screens.items():
        assert connected, name
        await screen.receive_until('id="screen"')
    return {name: screen for name, (screen, _ok, _code) in screens.items()}


async def test_totals_stay_hidden_until_reveal(workshop, facilitator):
    anna_token, bo_token, first, second = await setup_voting(workshop)
    screens = await open_all(workshop, facilitator, anna_token, bo_token)
    try:
        await screens["console"].send("voting.open", budget="5", max_per_item="3", target="ideas")
        for screen in screens.values():
            await screen.receive_until('id="voting-stage"')

        anna_dots = [first, first, first, second]
        for idea in anna_dots:
            await screens["anna"].send("vote.cast", client_key=uuid.uuid4(), item_id=str(idea.pk))
            await screens["anna"].receive_until('data-rt="ack"')
        for _ in range(2):
            await screens["bo"].send("vote.cast", client_key=uuid.uuid4(), item_id=str(first.pk))
            await screens["bo"].receive_until('data-rt="ack"')
        for screen in screens.values():
            await screen.drain()

        # A screen connecting now gets a snapshot: no totals in it either.
        late, ok, _ = await open_screen(workshop, "projector", user=facilitator)
        assert ok
        await late.receive_until('id="screen"')
        screens["late"] = late

        for name, screen in screens.items():
            sent = "".join(screen.frames)
            for marker in RESULT_MARKERS:
                assert marker not in sent, (name, marker)
            assert re.search(r"<strong>2</strong> of 2 participants have voted", sent), name
        # Each phone knows its own dots only; both of Anna's phones follow her.
        for name in ("anna", "anna2"):
            assert own_dots(screens[name].frames, f"my-dots-idea-{first.pk}") == 3, name
            assert own_dots(screens[name].frames, f"my-dots-idea-{second.pk}") == 1, name
            assert (
                re.findall(r'id="my-dots-left"[^>]*>(\d+)<', "".join(screens[name].frames))[-1]
                == "1"
            )
        assert own_dots(screens["bo"].frames, f"my-dots-idea-{first.pk}") == 2
        assert 'data-dots="3"' not in "".join(screens["bo"].frames)
        for name in ("console", "projector", "late"):
            assert not re.search(r'data-dots="[1-9]', "".join(screens[name].frames)), name

        # A phone of Anna's that connects now starts from her dots, not from a full budget.
        anna3, ok, _ = await open_screen(workshop, "participant", token=anna_token)
        assert ok
        snapshot = await anna3.receive_until('id="screen"')
        assert f'id="my-dots-idea-{first.pk}" class="my-dots" data-dots="3"' in snapshot
        await anna3.disconnect()

        await screens["console"].send("voting.reveal")
        for name, screen in screens.items():
            frame = await screen.receive_until("voting-results")
            ranks = re.findall(r'<span class="rank">(\d+)', frame)
            dots = re.findall(r'<span class="result-dots">(\d+)', frame)
            assert (ranks, dots) == (["1", "2"], ["5", "1"]), name
    finally:
        for screen in screens.values():
            await screen.disconnect()


async def test_a_refused_dot_is_told_to_that_phone_only(workshop, facilitator):
    anna_token, bo_token, first, _second = await setup_voting(workshop)
    screens = await open_all(workshop, facilitator, anna_token, bo_token)
    try:
        await screens["console"].send("voting.open", budget="1", max_per_item="1")
        for screen in screens.values():
            await screen.receive_until('id="voting-stage"')
        await screens["anna"].send("vote.cast", client_key=uuid.uuid4(), item_id=str(first.pk))
        await screens["anna"].receive_until('data-rt="ack"')
        key = uuid.uuid4()
        await screens["anna"].send("vote.cast", client_key=key, item_id=str(first.pk))
        error = await screens["anna"].receive_until('data-rt="error"')
        assert str(key) in error
        await screens["bo"].drain()
        assert 'data-rt="error"' not in "".join(screens["bo"].frames)
        # Settings are fixed now: the console is told why.
        await screens["console"].send("voting.open", budget="3", max_per_item="1")
        refused = await screens["console"].receive_until('data-rt="error"')
        assert "cannot change once someone has voted" in refused
    finally:
        for screen in screens.values():
            await screen.disconnect()


async def test_own_dots_come_back_after_the_phase_moves_away_and_back(workshop, facilitator):
    anna_token, bo_token, first, _second = await setup_voting(workshop)
    screens = await open_all(workshop, facilitator, anna_token, bo_token)
    try:
        await screens["console"].send("voting.open", budget="4", max_per_item="2")
        await screens["anna"].receive_until('id="voting-stage"')
        await screens["anna"].send("vote.cast", client_key=uuid.uuid4(), item_id=str(first.pk))
        await screens["anna"].receive_until('data-rt="ack"')
        await screens["console"].send("phase.change", phase="clustering", confirmed="1")
        await screens["anna"].receive_until('data-phase="clustering"')
        await screens["console"].send("phase.change", phase="voting")
        await screens["anna"].receive_until('data-phase="voting"')
        # The shared screen shows a full budget; the personal message that follows corrects it.
        personal = await screens["anna"].receive_until('id="my-dots-left"')
        assert f'id="my-dots-idea-{first.pk}" class="my-dots" data-dots="1"' in personal
        assert 'data-left="3"' in personal
    finally:
        for screen in screens.values():
            await screen.disconnect()
