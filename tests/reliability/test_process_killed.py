"""kill -9 of one of two Daphne processes in the middle of the idea phase: nothing
acknowledged is lost, nothing is stored or shown twice."""

from __future__ import annotations

import asyncio
import random
import signal

from tests.reliability.harness import Crowd, marker_of, wait_for

PHONES = 20
IDEAS_EACH = 4
SPREAD_S = 6.0


async def test_kill_9_during_the_idea_phase_loses_and_doubles_nothing(cluster):
    workshop = await asyncio.to_thread(cluster.workshop, phase="ideas", participants=PHONES)
    crowd = Crowd(cluster, workshop)
    try:
        phones = crowd.add_participants(screen=True)
        screens = phones + crowd.add_facilitator_screens()
        await crowd.connected()

        # Each phone posts its ideas at random moments; the second process dies a third of
        # the way through, with submissions in flight on it.
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.2
        marker = 0
        for phone in phones:
            for _ in range(IDEAS_EACH):
                marker += 1
                loop.call_at(start + random.random() * SPREAD_S, crowd.submit, phone, marker)
        await asyncio.sleep(0.2 + SPREAD_S / 3)
        # The proxy in front notices at once and sends reconnects to the first process; a
        # supervisor starts the killed one again meanwhile.
        crowd.draining.add(1)
        cluster.signal(1, signal.SIGKILL)
        cluster.start_daphne(1)
        await asyncio.sleep(max(0, start + SPREAD_S - loop.time()))

        await wait_for(crowd.settled, 30, "every submission acknowledged")
        acknowledged = crowd.acknowledged()
        assert len(acknowledged) == PHONES * IDEAS_EACH, [
            (s.fields, s.error) for s in crowd.submissions() if s.error
        ]
        await wait_for(
            lambda: crowd.all_current(cluster.seq(workshop["id"]), screens),
            20,
            "every screen at the database's seq",
        )

        # In the database exactly once...
        stored = cluster.ideas_by_key(workshop["id"])
        assert {s.key.replace("-", ""): 1 for s in acknowledged} == stored
        assert cluster.events_consistent(workshop["id"])
        # ...and on every screen exactly once.
        markers = {marker_of(s) for s in acknowledged}
        for screen in screens:
            shown = screen.ideas_shown()
            assert shown == dict.fromkeys(markers, 1), (screen.spec.get("page"), shown)
        assert crowd.counter("resent") > 0 or crowd.counter("closed_by_server") > 0
        print(
            f"kill -9: resent {crowd.counter('resent')}; "
            f"reconnects {crowd.counter('opens') - len(screens)}"
        )
    finally:
        await crowd.stop()
