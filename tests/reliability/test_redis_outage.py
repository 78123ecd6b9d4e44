"""Redis down at start, and Redis restarted during a workshop, on a Redis server of the test's
own (the machine's Redis is never stopped or flushed). The app recovers without a restart."""

from __future__ import annotations

import asyncio
import time

import pytest

from bench.phones import http_request
from tests.reliability.harness import HOST, Cluster, Crowd, OwnRedis, marker_of, wait_for

PHONES = 12
DOWN_S = 3.0
CURRENT_WITHIN_S = 10.0


@pytest.fixture(scope="module")
def outage():
    """A Daphne process whose Redis is not running yet."""
    redis = OwnRedis()
    cluster = Cluster(processes=1, redis_url=redis.url)
    try:
        cluster.start(healthy=False)
        yield redis, cluster
    finally:
        cluster.close_query()
        cluster.stop()
        redis.close()


async def test_redis_down_at_start_is_reported_and_pages_still_work(outage):
    redis, cluster = outage
    workshop = await asyncio.to_thread(cluster.workshop, phase="ideas", participants=1)

    status, health = await asyncio.to_thread(cluster.healthz)
    assert status == 503
    assert health["database"] == "ok"
    assert health["channel_layer"].startswith("error")
    assert health["status"] == "error"

    # Pages are plain HTTP and the database: they work, and say the live connection is down.
    port = cluster.port_of(0)
    status, _headers, join_page = await http_request(HOST, port, "GET", f"/j/{workshop['code']}/")
    assert status == 200 and 'name="display_name"' in join_page
    cookies = {f"samskab_p_{workshop['code']}": workshop["tokens"][0]}
    status, _headers, page = await http_request(
        HOST, port, "GET", f"/w/{workshop['code']}/", cookies=cookies
    )
    assert status == 200 and 'data-verb="idea.submit"' in page
    assert "Connection lost – reconnecting…" in page  # what realtime.js shows while it retries

    crowd = Crowd(cluster, workshop)
    try:
        phone = crowd.add_participants()[0]
        await asyncio.sleep(2)  # it tries, and is refused or closed: no 4403, so it retries
        assert not (phone.current and phone.current.open and phone.current.frames)
        assert 4403 not in phone.close_codes

        redis.start()
        returned = time.monotonic()
        await wait_for(lambda: cluster.healthz()[0] == 200, 15, "healthy once Redis is up")
        await crowd.connected(timeout=35)  # its backoff has grown meanwhile (up to 8 s)
        crowd.submit(phone, 1, "First idea once Redis is there")
        await wait_for(lambda: crowd.settled() and crowd.acknowledged(), 10, "acknowledged")
        await wait_for(lambda: "000001" in phone.seen_markers(), 10, "the idea on the phone")
        print(
            f"Redis down at start: healthy and connected {time.monotonic() - returned:.1f} s after"
        )
    finally:
        await crowd.stop()


async def test_redis_restart_during_a_workshop_loses_nothing(outage):
    redis, cluster = outage
    if redis.process is None or redis.process.poll() is not None:
        redis.start()
    await wait_for(lambda: cluster.healthz()[0] == 200, 15, "healthy")
    workshop = await asyncio.to_thread(cluster.workshop, phase="ideas", participants=PHONES)
    crowd = Crowd(cluster, workshop)
    try:
        phones = crowd.add_participants()
        screens = phones + crowd.add_facilitator_screens()
        await crowd.connected()
        for n, phone in enumerate(phones[:4], start=1):
            crowd.submit(phone, n, "Before the outage")
        await wait_for(crowd.settled, 10, "ideas before the outage acknowledged")

        subscribed = redis.channels()
        assert subscribed  # each process's feeds and sockets listen on Redis
        redis.stop()
        status, health = await asyncio.to_thread(cluster.healthz)
        assert status == 503 and health["channel_layer"].startswith("error")
        # Phones go on posting: the database stores, the fan-out is down.
        for n, phone in enumerate(phones[4:10], start=5):
            crowd.submit(phone, n, "During the outage")
        await asyncio.sleep(DOWN_S)
        redis.start()
        returned = time.monotonic()

        seq = await asyncio.to_thread(cluster.seq, workshop["id"])
        await wait_for(
            lambda: crowd.settled() and crowd.all_current(cluster.seq(workshop["id"]), screens),
            CURRENT_WITHIN_S,
            "every screen current after Redis returned",
        )
        current_s = time.monotonic() - returned
        # The processes subscribed again by themselves (without a restart): new events travel
        # through Redis again, not only through each feed's periodic look at the log.
        await wait_for(
            lambda: subscribed <= redis.channels(), CURRENT_WITHIN_S, "subscriptions restored"
        )
        acknowledged = crowd.acknowledged()
        assert len(acknowledged) == 10
        stored = cluster.ideas_by_key(workshop["id"])
        assert {s.key.replace("-", ""): 1 for s in acknowledged} == stored
        markers = {marker_of(s) for s in acknowledged}
        await wait_for(
            lambda: all(markers <= screen.seen_markers() for screen in screens),
            max(0.5, CURRENT_WITHIN_S - (time.monotonic() - returned)),
            "every idea on every screen",
        )
        assert seq >= 10
        status, _health = await asyncio.to_thread(cluster.healthz)
        assert status == 200
        print(f"Redis restart ({DOWN_S:.0f} s down): every screen current {current_s:.1f} s after")
    finally:
        await crowd.stop()
