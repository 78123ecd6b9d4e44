"""A phone's heartbeat is answered while its own submission is still in the database: in a
busy second the phone must not take a slow answer for a dead socket and reconnect."""

import threading
import uuid

import pytest
from channels.db import database_sync_to_async

from ideas.models import Idea
from realtime import verbs
from tests.conftest import join, open_screen, set_phase

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_sync_is_answered_while_an_idea_waits_and_the_idea_is_acknowledged_after(
    workshop, monkeypatch
):
    await database_sync_to_async(set_phase)(workshop, "ideas")
    _participant, token = await database_sync_to_async(join)(workshop, "Anna")
    phone, connected, _ = await open_screen(workshop, "participant", token=token)
    assert connected
    await phone.receive_until('id="screen"')
    await phone.drain()

    database_free = threading.Event()
    real_dispatch = verbs.dispatch_or_apologise

    def slow_dispatch(viewer, frame):
        database_free.wait(timeout=10)  # a write queued behind a busy database
        return real_dispatch(viewer, frame)

    monkeypatch.setattr(verbs, "dispatch_or_apologise", slow_dispatch)
    key = uuid.uuid4()
    await phone.send("idea.submit", key, title="", text="Bænke ved stien")
    await phone.send("sync", seq=phone.seq)
    answer = await phone.receive(timeout=2)
    assert 'data-rt="seq"' in answer and 'data-rt="ack"' not in answer

    database_free.set()
    await phone.receive_until(f'data-key="{key}"')
    assert await database_sync_to_async(Idea.objects.filter(text="Bænke ved stien").count)() == 1
    await phone.disconnect()
