"""The one websocket consumer: every screen of a workshop (phone, console, projector)."""

from __future__ import annotations

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from realtime import protocol, sync, verbs
from realtime.protocol import ProtocolError
from realtime.viewers import Viewer, identify
from workshops.actions.participants import do_change_connections, do_touch

# Close codes the client does not retry: the page reloads and shows why.
CLOSE_NOT_ALLOWED = 4403


class WorkshopConsumer(AsyncWebsocketConsumer):
    """Async because fan-out is the hot path: an in-order event is forwarded without touching
    the database or a thread. Everything that reads or writes goes through a thread."""

    viewer: Viewer | None = None
    last_seq = 0
    counted = False

    async def dispatch(self, message: dict) -> None:
        """Channels' dispatch first runs close_old_connections in the one sync thread, for
        every message. Fan-out touches no database, and N screens × every event queued behind
        real database work was the main cost at scale (bench/fanout.py). Every database call
        here goes through database_sync_to_async, which closes old connections itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        self.viewer = await database_sync_to_async(identify)(
            self.scope, kwargs["code"], kwargs["audience"]
        )
        if self.viewer is None:
            # Accept, then close with our own code: a refused handshake looks like a network
            # failure to the browser, which would retry forever.
            await self.accept()
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        # Join first, then read: an event committed meanwhile is either in the snapshot or
        # queued for us (and skipped by seq if both).
        for group in self.viewer.group_names:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        self.last_seq, html = await database_sync_to_async(sync.snapshot)(self.viewer)
        await self.send(text_data=html)
        if self.viewer.participant_id:
            self.counted = True
            await database_sync_to_async(do_change_connections)(
                participant_id=self.viewer.participant_id, delta=1
            )

    async def disconnect(self, code: int) -> None:
        if self.viewer is None:
            return
        for group in self.viewer.group_names:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.counted:
            self.counted = False
            await database_sync_to_async(do_change_connections)(
                participant_id=self.viewer.participant_id, delta=-1
            )

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.viewer is None:
            return
        try:
            frame = protocol.parse(text_data, bytes_data)
        except ProtocolError as refused:
            await self.send(text_data=protocol.error(refused.message))
            return
        if frame.verb == "sync":
            await self.sync(frame.seq)
            return
        reply = await database_sync_to_async(verbs.dispatch)(self.viewer, frame)
        if reply:  # nothing to acknowledge without a client key
            await self.send(text_data=reply)

    async def sync(self, client_seq: int | None) -> None:
        """The client's heartbeat: "I have seq N". Answer with what it lacks, or just the seq."""
        if client_seq is not None and client_seq < self.last_seq:
            self.last_seq = client_seq  # frames we sent never arrived
        latest = await database_sync_to_async(sync.current_seq)(self.viewer.workshop_id)
        if latest > self.last_seq:
            await self.catch_up()
        else:
            await self.send(text_data=protocol.seq_marker(self.last_seq))
        if self.viewer.participant_id:
            await database_sync_to_async(do_touch)(participant_id=self.viewer.participant_id)

    async def catch_up(self) -> None:
        self.last_seq, html = await database_sync_to_async(sync.catch_up)(
            self.viewer, self.last_seq
        )
        await self.send(text_data=html)

    async def workshop_event(self, message: dict) -> None:
        seq = message["seq"]
        if seq <= self.last_seq:
            return  # already in the snapshot or a replay
        if seq == self.last_seq + 1:
            self.last_seq = seq
            await self.send(text_data=message["html"])
        else:
            await self.catch_up()  # a message was dropped on the way: fill the gap from the log

    async def participant_message(self, message: dict) -> None:
        await self.send(text_data=message["html"])
        if message.get("close"):
            await self.close(code=CLOSE_NOT_ALLOWED)
