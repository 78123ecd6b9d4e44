"""A facilitator and two phones in one workshop: ideas reach every screen once."""

import uuid

import pytest
from channels.db import database_sync_to_async

from ideas.models import Idea
from tests.conftest import join, open_screen, set_phase

pytestmark = pytest.mark.django_db(transaction=True)


async def test_posted_idea_reaches_everyone(workshop, facilitator):
    await database_sync_to_async(set_phase)(workshop, "ideas")
    (anna, anna_token) = await database_sync_to_async(join)(workshop, "Anna")
    (_bo, bo_token) = await database_sync_to_async(join)(workshop, "Bo")
    console, ok1, _ = await open_screen(workshop, "facilitator", user=facilitator)
    phone_a, ok2, _ = await open_screen(workshop, "participant", token=anna_token)
    phone_b, ok3, _ = await open_screen(workshop, "participant", token=bo_token)
    assert ok1 and ok2 and ok3
    for screen in (console, phone_a, phone_b):
        await screen.receive_until('id="screen"')

    key = uuid.uuid4()
    await phone_a.send(
        "idea.submit", client_key=key, title="Spisevenner", text="Fælles <b>aftensmad</b>"
    )

    ack = await phone_a.receive_until('data-rt="ack"')
    assert str(key) in ack
    idea = await database_sync_to_async(Idea.objects.get)(client_key=key)
    for screen in (console, phone_a, phone_b):
        frame = await screen.receive_until(f'id="idea-{idea.pk}"')
        assert "Fælles &lt;b&gt;aftensmad&lt;/b&gt;" in frame  # escaped everywhere
        assert "<b>aftensmad" not in frame
        assert "Anna" in frame
    for screen in (console, phone_a, phone_b):
        await screen.disconnect()
