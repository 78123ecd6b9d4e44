"""Who is connected, counted in memory and written in batches.

A socket opening or closing, and a heartbeat, used to cost a transaction each (and opening or
closing a sequenced event for every screen). Now each process counts its own sockets per
participant and writes the changes once a FLUSH_INTERVAL_S, in one transaction; the screens'
"N people connected" follows as a counter (realtime/publisher.py). Heartbeats only mark the
participant as seen; `last_seen` is written for all of them every TOUCH_INTERVAL_S, so a process
that dies stops vouching for its people within workshops.selectors.PRESENCE_WINDOW.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter, defaultdict

from realtime import runtime
from workshops.actions.participants import do_record_presence, do_touch_participants

logger = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 1.0
TOUCH_INTERVAL_S = 30.0


class Presence:
    def __init__(self, publisher):
        self.publisher = publisher
        self.changes: Counter[int] = Counter()
        self.sockets: Counter[int] = Counter()  # open in this process, by participant
        self.workshop_of: dict[int, int] = {}
        self.seen: set[int] = set()
        self.flushing: asyncio.Task | None = None
        self.toucher: asyncio.Task | None = None

    def opened(self, workshop_id: int, participant_id: int) -> None:
        self._change(workshop_id, participant_id, +1)

    def closed(self, workshop_id: int, participant_id: int) -> None:
        self._change(workshop_id, participant_id, -1)

    def heard_from(self, participant_id: int) -> None:
        self.seen.add(participant_id)
        if self.toucher is None or self.toucher.done():
            self.toucher = asyncio.create_task(self._touch_later())

    def _change(self, workshop_id: int, participant_id: int, delta: int) -> None:
        self.sockets[participant_id] += delta
        if self.sockets[participant_id] <= 0:
            del self.sockets[participant_id]
        self.changes[participant_id] += delta
        self.workshop_of[participant_id] = workshop_id
        if self.flushing is None or self.flushing.done():
            self.flushing = asyncio.create_task(self._flush_later())

    async def _flush_later(self) -> None:
        await asyncio.sleep(FLUSH_INTERVAL_S)
        await self.flush()

    async def flush(self) -> None:
        changes = {pid: delta for pid, delta in self.changes.items() if delta}
        self.changes.clear()
        if not changes:
            return
        try:
            await runtime.in_db_thread(do_record_presence, changes=changes)
        except Exception:
            logger.exception("Could not record presence of %d participants", len(changes))
            return
        by_workshop: dict[int, set[int]] = defaultdict(set)
        for participant_id in changes:
            by_workshop[self.workshop_of[participant_id]].add(participant_id)
        for workshop_id, people in by_workshop.items():
            self.publisher.submit_counter(workshop_id, "presence", people)

    async def _touch_later(self) -> None:
        await asyncio.sleep(TOUCH_INTERVAL_S)
        seen, self.seen = self.seen, set()
        try:
            await runtime.in_db_thread(do_touch_participants, participant_ids=seen)
        except Exception:
            logger.exception("Could not note %d participants as seen", len(seen))
