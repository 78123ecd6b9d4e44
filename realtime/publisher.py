"""Publishing off the commit path.

A transaction commits and returns: its `on_commit` hands the event to the process's publisher,
a task on the serving event loop that renders in the render thread and sends. Events that
arrive while a batch renders are rendered together as the next batch (one message per run of
seqs), so a burst costs a few renders, not one per event. Counters are rendered at most every
COUNTER_INTERVAL_S per workshop, the last state always sent.
"""

from __future__ import annotations

import asyncio
import logging

from realtime import broadcast, runtime
from realtime.models import WorkshopEvent

logger = logging.getLogger(__name__)

COUNTER_INTERVAL_S = 0.25


class Publisher:
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.events: list[WorkshopEvent] = []
        self.counters: dict[tuple[int, str], set[int]] = {}
        self.counter_sent_at: dict[tuple[int, str], float] = {}
        self.wake = asyncio.Event()
        self.timer: asyncio.TimerHandle | None = None
        self.task: asyncio.Task | None = None

    def submit(self, event: WorkshopEvent) -> None:
        """On the loop's thread: one committed event."""
        self.events.append(event)
        for key, people in broadcast.counters_moved_by([event]).items():
            self.counters.setdefault(key, set()).update(people)
        self._kick()

    def submit_counter(self, workshop_id: int, name: str, participant_ids: set[int]) -> None:
        """On the loop's thread: a counter moved without an event (sockets opened or closed)."""
        self.counters.setdefault((workshop_id, name), set()).update(participant_ids)
        self._kick()

    def _kick(self) -> None:
        self.wake.set()
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._run())

    async def _run(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            try:
                await self._publish_events()
                await self._publish_due_counters()
            except Exception:
                logger.exception("Publishing failed; screens will resync from the log")

    async def _publish_events(self) -> None:
        if not self.events:
            return
        batch, self.events = self.events, []
        sends = await runtime.in_render_thread(broadcast.event_messages, batch)
        await broadcast.send_all(sends)

    async def _publish_due_counters(self) -> None:
        now = self.loop.time()
        due = [
            key
            for key in self.counters
            if now - self.counter_sent_at.get(key, -COUNTER_INTERVAL_S) >= COUNTER_INTERVAL_S
        ]
        for key in due:
            people = frozenset(self.counters.pop(key))
            self.counter_sent_at[key] = now
            sends = await runtime.in_render_thread(broadcast.counter_messages, *key, people)
            await broadcast.send_all(sends)
        if self.counters and self.timer is None:
            # The rest are due later: come back when the earliest is.
            soonest = min(self.counter_sent_at.get(key, now) for key in self.counters)
            delay = max(0.0, soonest + COUNTER_INTERVAL_S - self.loop.time())
            self.timer = self.loop.call_later(delay, self._timer_fired)

    def _timer_fired(self) -> None:
        self.timer = None
        self._kick()


def publish_after_commit(event: WorkshopEvent) -> None:
    """Called by `on_commit` on whatever thread committed: hand over to the serving loop, or
    publish right here when no loop serves this process (management commands, sync tests)."""
    services = runtime.serving()
    if services is not None:
        try:
            services.loop.call_soon_threadsafe(services.publisher.submit, event)
            return
        except RuntimeError:  # the loop closed meanwhile
            pass
    broadcast.publish_now([event])
