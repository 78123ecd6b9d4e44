"""One phone cannot flood every screen: submissions per participant per minute, sockets per
participant. Refusals are told to that phone (translated), nothing entered is lost from its
queue, and the socket stays."""

import uuid

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from ideas.models import Idea
from realtime import limits
from tests.conftest import ORIGIN, Screen, join, open_screen, set_phase
from workshops.codes import participant_cookie_name

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def ideas_workshop(workshop):
    return await database_sync_to_async(set_phase)(workshop, "ideas")


async def test_ideas_past_the_limit_are_refused_with_a_message(ideas_workshop, monkeypatch):
    monkeypatch.setitem(limits.LIMITS, "idea.", (3, 60.0))
    _anna, token = await database_sync_to_async(join)(ideas_workshop, "Anna")
    phone, connected, _ = await open_screen(ideas_workshop, "participant", token=token)
    assert connected
    await phone.receive_until('id="screen"')
    for n in range(3):
        await phone.send("idea.submit", client_key=uuid.uuid4(), text=f"Idé nummer {n}")
        await phone.receive_until('data-rt="ack"')
    key = uuid.uuid4()
    await phone.send("idea.submit", client_key=key, text="One too many")
    refusal = await phone.receive_until('data-rt="error"')
    assert f'data-key="{key}"' in refusal and "Wait a moment" in refusal
    assert await database_sync_to_async(Idea.objects.count)() == 3
    await phone.send("sync", seq=phone.seq)  # still connected
    assert 'data-rt="seq"' in await phone.receive_until('data-rt="seq"')
    await phone.disconnect()


async def test_the_refusal_speaks_the_phones_language(workshop, monkeypatch):
    monkeypatch.setitem(limits.LIMITS, "idea.", (0, 60.0))
    await database_sync_to_async(set_phase)(workshop, "ideas")
    _anna, token = await database_sync_to_async(join)(workshop, "Anna")
    from samskab.asgi import application

    cookie = f"{participant_cookie_name(workshop.join_code)}={token}; django_language=da"
    communicator = WebsocketCommunicator(
        application,
        f"/ws/w/{workshop.join_code}/participant/",
        headers=[ORIGIN, (b"cookie", cookie.encode())],
    )
    connected, _code = await communicator.connect(timeout=5)
    assert connected
    phone = Screen(communicator)
    await phone.receive_until('id="screen"')
    await phone.send("idea.submit", client_key=uuid.uuid4(), text="Hej")
    assert "Vent et øjeblik" in await phone.receive_until('data-rt="error"')
    await phone.disconnect()


async def test_the_facilitator_is_not_limited(ideas_workshop, facilitator, monkeypatch):
    monkeypatch.setattr(limits, "DEFAULT_LIMIT", (0, 60.0))
    console, connected, _ = await open_screen(ideas_workshop, "facilitator", user=facilitator)
    assert connected
    await console.receive_until('id="screen"')
    await console.send("timer.start", client_key=uuid.uuid4(), minutes="5")
    frame = await console.receive_until('data-rt="')
    assert 'data-rt="error"' not in frame
    await console.disconnect()


async def test_one_participant_cannot_hold_many_sockets(ideas_workshop, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SOCKETS_PER_PARTICIPANT", 2)
    _anna, token = await database_sync_to_async(join)(ideas_workshop, "Anna")
    screens = []
    for _ in range(2):
        screen, connected, _ = await open_screen(ideas_workshop, "participant", token=token)
        assert connected
        await screen.receive_until('id="screen"')
        screens.append(screen)
    third, connected, _ = await open_screen(ideas_workshop, "participant", token=token)
    closed = await third.communicator.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 4429}
    await screens.pop().disconnect()
    again, connected, _ = await open_screen(ideas_workshop, "participant", token=token)
    assert connected  # a closed socket frees its place
    await again.receive_until('id="screen"')
    for screen in (*screens, again):
        await screen.disconnect()


def test_a_resend_of_a_counted_submission_is_never_refused():
    limiter = limits.RateLimiter()
    most, _window = limits.LIMITS["idea."]
    keys = [str(uuid.uuid4()) for _ in range(most)]
    assert all(limiter.allow(1, "idea.submit", key, now=0.0) for key in keys)
    assert not limiter.allow(1, "idea.submit", str(uuid.uuid4()), now=1.0)
    assert limiter.allow(1, "idea.submit", keys[0], now=2.0)  # resent after a reconnect
    assert limiter.allow(2, "idea.submit", str(uuid.uuid4()), now=2.0)  # others unaffected
