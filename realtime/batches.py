"""Frames that come hundreds a second (dots) are run in batches: what a process's sockets
send while a batch is in the database becomes the next batch, one transaction for all of it.

Under light load a batch is one frame and costs what it did alone; in a burst the batches
grow by themselves, and the queries, the transaction and the thread hop are paid once per
batch instead of once per dot. One batch per workshop and verb family runs at a time in a
process; each frame's reply goes back to its own socket.
"""

from __future__ import annotations

import asyncio

from realtime import runtime, verbs
from realtime.protocol import Frame
from realtime.viewers import Viewer

# A batch's transaction holds its voters' rows: big enough for a burst, small enough that a
# batch stays a few tens of milliseconds.
MAX_BATCH = 64


class Batches:
    def __init__(self) -> None:
        self.waiting: dict[tuple, list[tuple[Viewer, Frame, asyncio.Future]]] = {}

    async def run(self, viewer: Viewer, frame: Frame) -> str:
        """The reply to one frame, run with whatever else of its kind is waiting."""
        key = (viewer.workshop_id, verbs.together_handler(frame.verb))
        answer = asyncio.get_running_loop().create_future()
        queue = self.waiting.get(key)
        if queue is None:
            queue = self.waiting[key] = []
            asyncio.get_running_loop().create_task(self._drain(key, queue))
        queue.append((viewer, frame, answer))
        return await answer

    async def _drain(self, key: tuple, queue: list) -> None:
        try:
            while queue:
                batch = queue[:MAX_BATCH]
                del queue[:MAX_BATCH]
                try:
                    replies = await runtime.in_db_thread(
                        verbs.dispatch_together, [(viewer, frame) for viewer, frame, _ in batch]
                    )
                except Exception as failure:  # the fallback itself failed: every sender hears
                    for _viewer, _frame, answer in batch:
                        if not answer.done():
                            answer.set_exception(failure)
                    continue
                for (_viewer, _frame, answer), reply in zip(batch, replies, strict=True):
                    if not answer.done():  # not if its socket closed meanwhile
                        answer.set_result(reply)
        finally:
            del self.waiting[key]
