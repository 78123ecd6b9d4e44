"""The production shape: two Daphne processes sharing one database and one Redis. A phone on
one process and a phone on the other see each other's ideas."""

from __future__ import annotations

import socket
import uuid

import pytest
from websockets.asyncio.client import connect

from tests.conftest import IN_CI
from tests.live_server import (
    HOST,
    LiveServer,
    cookie_header,
    join_over_http,
    live_server,
)
from tests.realtime.conftest import TEST_REDIS_URL, redis_reachable
from tests.realtime.test_daphne_process import RECEIVE_TIMEOUT, Phone


@pytest.fixture
def two_processes():
    problem = redis_reachable(TEST_REDIS_URL)
    if problem:
        if IN_CI:
            pytest.fail(f"Redis at {TEST_REDIS_URL} is required under CI: {problem}")
        pytest.skip(problem)
    prefix = {"REDIS_PREFIX": f"test-{uuid.uuid4().hex[:8]}"}
    with live_server(redis_url=TEST_REDIS_URL, extra_env=prefix) as first:
        first.workshop = first.create_workshop(phase="ideas")
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind((HOST, 0))
        listener.listen(128)
        second = LiveServer(
            port=listener.getsockname()[1],
            directory=first.directory,
            env=first.env,  # the same database file and the same Redis
            log_path=first.directory / "daphne-2.log",
        )
        try:
            second.start(listener)
            listener.close()
            second.workshop = first.workshop
            yield first, second
        finally:
            listener.close()
            second.stop()


def phone_on(server: LiveServer, cookies: dict[str, str]):
    return connect(
        server.ws_url(f"/ws/w/{server.workshop['code']}/participant/"),
        origin=server.origin,
        additional_headers={"Cookie": cookie_header(cookies)},
        open_timeout=RECEIVE_TIMEOUT,
    )


async def test_phones_on_two_processes_see_each_other(two_processes):
    first, second = two_processes
    code = first.workshop["code"]
    anna_cookies = join_over_http(first, code, "Anna")
    bo_cookies = join_over_http(second, code, "Bo")  # any process serves any participant
    async with phone_on(first, anna_cookies) as anna_ws, phone_on(second, bo_cookies) as bo_ws:
        anna, bo = Phone(anna_ws), Phone(bo_ws)
        await anna.receive_until('id="screen"')
        await bo.receive_until('id="screen"')
        await anna.send("idea.submit", client_key=str(uuid.uuid4()), text="Across processes")
        await bo.receive_until("Across processes")
        await bo.send("idea.submit", client_key=str(uuid.uuid4()), text="And back again")
        await anna.receive_until("And back again")
