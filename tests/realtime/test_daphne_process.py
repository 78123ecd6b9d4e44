"""A real Daphne process, and phones that take part over real HTTP and real websockets."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.live_server import cookie_header, join_over_http, live_server

RECEIVE_TIMEOUT = 5.0


@pytest.fixture(scope="module")
def server():
    with live_server() as running:
        running.workshop = running.create_workshop(phase="ideas")
        yield running


class Phone:
    """One participant's websocket, keeping every frame it received."""

    def __init__(self, socket: ClientConnection):
        self.socket = socket
        self.frames: list[str] = []

    async def receive_until(self, needle: str, timeout: float = RECEIVE_TIMEOUT) -> str:
        async with asyncio.timeout(timeout):
            while True:
                frame = await self.socket.recv()
                self.frames.append(frame)
                if needle in frame:
                    return frame

    async def seen_or_receive(self, needle: str) -> str:
        """A frame with `needle`, already received or still to come."""
        for frame in self.frames:
            if needle in frame:
                return frame
        return await self.receive_until(needle)

    async def frames_within(self, seconds: float) -> list[str]:
        """Everything that arrives in the next `seconds`."""
        received = []
        try:
            async with asyncio.timeout(seconds):
                while True:
                    received.append(await self.socket.recv())
        except TimeoutError:
            pass
        self.frames.extend(received)
        return received

    async def send(self, verb: str, **fields: str) -> None:
        await self.socket.send(json.dumps({"verb": verb, **fields}))


def phone_socket(server, cookies: dict[str, str] | None, origin: str | None = None):
    headers = {"Cookie": cookie_header(cookies)} if cookies else {}
    return connect(
        server.ws_url(f"/ws/w/{server.workshop['code']}/participant/"),
        origin=origin if origin is not None else server.origin,
        additional_headers=headers,
        open_timeout=RECEIVE_TIMEOUT,
    )


def ideas_with_key(server, key: str) -> int:
    return server.run_python(
        "import json; from ideas.models import Idea; "
        f"print(json.dumps([Idea.objects.filter(client_key={key!r}).count()]))"
    )[0]


async def test_phones_post_and_receive_ideas(server):
    code = server.workshop["code"]
    anna_cookies = join_over_http(server, code, "Anna", role="volunteer")
    bo_cookies = join_over_http(server, code, "Bo", role="staff")
    assert f"samskab_p_{code}" in anna_cookies

    async with (
        phone_socket(server, anna_cookies) as anna_ws,
        phone_socket(server, bo_cookies) as bo_ws,
    ):
        anna, bo = Phone(anna_ws), Phone(bo_ws)
        snapshot = await anna.receive_until('id="screen"')
        assert 'data-rt="seq"' in snapshot
        assert 'data-verb="idea.submit"' in snapshot  # the phone is in the idea phase
        await bo.receive_until('id="screen"')

        key = str(uuid.uuid4())
        await anna.send("idea.submit", client_key=key, title="", text="Shared <b>dinners</b> #1")
        ack = await anna.receive_until('data-rt="ack"')
        assert key in ack
        own = await anna.seen_or_receive("Shared &lt;b&gt;dinners&lt;/b&gt; #1")  # either order
        assert 'data-rt="upsert"' in own
        seen = await bo.receive_until("Shared &lt;b&gt;dinners&lt;/b&gt; #1")
        assert 'data-rt="upsert"' in seen and "Anna" in seen
        assert "<b>dinners" not in seen

        # The reconnect queue resends with the same key: acknowledged, stored and shown once.
        await anna.send("idea.submit", client_key=key, title="", text="Shared <b>dinners</b> #1")
        assert key in await anna.receive_until('data-rt="ack"')
        assert not any("dinners" in frame for frame in await bo.frames_within(0.5))
        assert ideas_with_key(server, key) == 1

        # A second idea from the other phone reaches the first.
        other = str(uuid.uuid4())
        await bo.send("idea.submit", client_key=other, text="Walks with dogs from the shelter")
        assert other in await bo.receive_until('data-rt="ack"')
        await anna.receive_until("Walks with dogs from the shelter")


async def test_bad_frames_are_refused_and_the_socket_stays(server):
    cookies = join_over_http(server, server.workshop["code"], "Cleo")
    async with phone_socket(server, cookies) as ws:
        phone = Phone(ws)
        await phone.receive_until('id="screen"')
        await ws.send("this is not json")
        assert 'data-rt="error"' in await phone.receive_until('data-rt="error"')
        key = str(uuid.uuid4())
        await phone.send("idea.submit", client_key=key, text="")
        refused = await phone.receive_until('data-rt="error"')
        assert key in refused and 'data-field="text"' in refused
        await phone.send("phase.change", client_key=str(uuid.uuid4()), phase="voting")
        await phone.receive_until('data-rt="error"')
        await phone.send("sync", seq=0)  # the heartbeat still works: the socket is up
        await phone.receive_until('data-rt="seq"')


async def test_foreign_origin_is_refused(server):
    cookies = join_over_http(server, server.workshop["code"], "Dan")
    with pytest.raises(InvalidStatus) as refused:
        async with phone_socket(server, cookies, origin="http://evil.example"):
            pass
    assert refused.value.response.status_code == 403


async def test_a_socket_without_the_participant_cookie_is_closed(server):
    async with phone_socket(server, None) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), RECEIVE_TIMEOUT)
    assert closed.value.rcvd.code == 4403
