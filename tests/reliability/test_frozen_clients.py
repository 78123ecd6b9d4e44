"""A tenth of 200 phones stop reading their sockets (a browser suspended, a phone in a pocket)
while the others go on: the others still get everything, the server's memory stays bounded,
and the frozen ones catch up when they wake."""

from __future__ import annotations

import asyncio
import random

from tests.reliability.harness import Crowd, marker_of, wait_for

PHONES = 200
FROZEN_EVERY = 10  # a tenth
FROZEN_S = 10.0
POSTERS = 10
IDEAS_EACH = 3
# Far above what 20 frozen sockets' unread frames take (a few hundred kB); what must not
# happen is growth without bound.
MEMORY_GROWTH_LIMIT_KB = 64 * 1024


async def test_frozen_clients_do_not_hold_up_the_others_and_resync(cluster):
    workshop = await asyncio.to_thread(cluster.workshop, phase="ideas", participants=PHONES)
    crowd = Crowd(cluster, workshop)
    try:
        phones = crowd.add_participants()
        await crowd.connected(timeout=90)
        frozen = phones[::FROZEN_EVERY]
        awake = [p for p in phones if p not in frozen]
        rss_before = cluster.rss_kb()
        for phone in frozen:
            phone.freeze()

        loop = asyncio.get_running_loop()
        start = loop.time() + 0.1
        submissions = []
        for n, phone in enumerate(awake[:POSTERS]):
            for i in range(IDEAS_EACH):
                at = start + random.random() * (FROZEN_S - 5)
                marker = n * IDEAS_EACH + i + 1
                loop.call_at(at, lambda p=phone, m=marker: submissions.append(crowd.submit(p, m)))
        await asyncio.sleep(FROZEN_S - 5 + 0.2)
        await wait_for(crowd.settled, 10, "every idea acknowledged")
        markers = {marker_of(s) for s in crowd.acknowledged()}
        assert len(markers) == POSTERS * IDEAS_EACH

        # While a tenth are frozen, everyone else has every idea.
        await wait_for(
            lambda: all(markers <= p.seen_markers() for p in awake), 10, "delivered to the awake"
        )
        assert all(not (markers <= p.seen_markers()) for p in frozen)
        growth_kb = cluster.rss_kb() - rss_before
        assert growth_kb < MEMORY_GROWTH_LIMIT_KB

        for phone in frozen:
            phone.thaw()
        seq = await asyncio.to_thread(cluster.seq, workshop["id"])
        await wait_for(
            lambda: (
                crowd.all_current(seq, frozen) and all(markers <= p.seen_markers() for p in frozen)
            ),
            10,
            "the frozen phones current after waking",
        )
        print(
            f"Frozen {len(frozen)} of {PHONES} for {FROZEN_S:.0f} s: server memory grew "
            f"{growth_kb / 1024:.1f} MB; abandoned sockets {crowd.counter('abandoned')}"
        )
    finally:
        await crowd.stop()
