"""SIGTERM to a Daphne process, as a deploy does: its sockets close with a code realtime.js
retries, and every phone is back and current within 10 s."""

from __future__ import annotations

import asyncio
import signal
import time

from tests.reliability.harness import Crowd, wait_for

PHONES = 20
# realtime.js reconnects after every close except this one (it reloads the page instead).
NOT_RETRIED = {4403}


async def test_sigterm_closes_sockets_that_come_back_within_10_s(cluster):
    workshop = await asyncio.to_thread(cluster.workshop, phase="ideas", participants=PHONES)
    crowd = Crowd(cluster, workshop)
    old = None
    try:
        phones = crowd.add_participants()
        await crowd.connected()
        on_first = [p for p in phones if p.home.index == 0]

        # A rolling deploy: the proxy stops sending new connections to the first process,
        # which gets SIGTERM; its phones reconnect through the proxy to the second.
        crowd.draining.add(0)
        old = cluster.daphnes[0]
        cluster.signal(0, signal.SIGTERM)
        stopped_at = time.monotonic()
        # Something happens meanwhile: every phone must be current with it, too.
        crowd.submit(phones[1], 1, "Posted during the deploy")
        # The new version starts on the same socket once the old one has gone.
        await asyncio.to_thread(cluster.daphnes[0].wait, 15)
        cluster.start_daphne(0)

        def back() -> bool:
            return all(p.last_first_frame and p.last_first_frame > stopped_at for p in on_first)

        await wait_for(back, 10 - (time.monotonic() - stopped_at), "phones back after SIGTERM")
        seq = await asyncio.to_thread(cluster.seq, workshop["id"])
        await wait_for(
            lambda: crowd.settled() and crowd.all_current(seq),
            max(1, 10 - (time.monotonic() - stopped_at)),
            "every phone current",
        )
        back_s = time.monotonic() - stopped_at
        codes = [code for p in on_first for code in p.close_codes]
        assert len(codes) >= len(on_first)
        assert not NOT_RETRIED.intersection(codes), codes
        assert [p for p in phones if p.home.index == 1 and p.close_codes] == []  # untouched
        assert all(p.w.index == 1 for p in on_first)
        print(f"SIGTERM: close codes {sorted(set(codes))}, all back and current in {back_s:.1f} s")
    finally:
        await crowd.stop()
        if old is not None and cluster.daphnes[0] is old:  # failed before the restart
            await asyncio.to_thread(old.wait, 15)
            cluster.start_daphne(0)
