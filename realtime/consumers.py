"""The one websocket consumer: every screen of a workshop (phone, console, projector)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import translation
from django.utils.translation import gettext as _

from realtime import limits, protocol, runtime, sync, verbs
from realtime.hub import Feed
from realtime.protocol import ProtocolError
from realtime.viewers import Viewer, identify

logger = logging.getLogger(__name__)

# Close codes the client does not retry: the page reloads and shows why.
CLOSE_NOT_ALLOWED = 4403
# Too many sockets for one participant: the client retries later, with its backoff.
CLOSE_TOO_MANY = 4429


def page_seq(scope: dict) -> int | None:
    """The seq of the page (or the last frame) the client already shows, from `?seq=N`."""
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("seq")
    if values and values[0].isdigit() and len(values[0]) < 19:
        return int(values[0])
    return None


class WorkshopConsumer(AsyncWebsocketConsumer):
    """Async because fan-out is the hot path. Screens of one group share a feed
    (realtime/hub.py) that forwards each event's bytes to them in seq order; database work
    goes through one thread (`runtime.in_db_thread`): identifying the viewer, the verbs,
    personal state."""

    viewer: Viewer | None = None
    feed: Feed | None = None
    last_seq = 0
    live = False
    catching_up = False
    heard_at = 0.0
    counted = False
    verb_runner: asyncio.Task | None = None
    gone = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.verbs_waiting: deque[protocol.Frame] = deque()

    @property
    def participant_id(self) -> int | None:
        return self.viewer.participant_id if self.viewer else None

    async def dispatch(self, message: dict) -> None:
        """Channels' dispatch first runs close_old_connections in the one sync thread, for
        every message. Messages here touch no database, and every database call goes through
        `runtime.in_db_thread`, which looks after its connection itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        self.heard_at = time.monotonic()
        services = runtime.attach()
        kwargs = self.scope["url_route"]["kwargs"]
        self.viewer = await runtime.in_db_thread(
            identify, self.scope, kwargs["code"], kwargs["audience"]
        )
        if self.viewer is None:
            # Accept, then close with our own code: a refused handshake looks like a network
            # failure to the browser, which would retry forever.
            await self.accept()
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        viewer = self.viewer
        if viewer.participant_id:
            # Counted at once (no await between the check and the count): a burst of
            # sockets from one participant cannot all slip past the cap.
            if (
                services.presence.sockets[viewer.participant_id]
                >= limits.MAX_SOCKETS_PER_PARTICIPANT
            ):
                await self.accept()
                await self.close(code=CLOSE_TOO_MANY)
                return
            self.counted = True
            services.presence.opened(viewer.workshop_id, viewer.participant_id)
        # Join first, then read: an event committed meanwhile is either in the first frame or
        # delivered after it (and skipped by seq if both).
        self.feed = await services.hub.join(
            self, viewer.workshop_id, viewer.audience, viewer.language
        )
        personal = ""
        if viewer.participant_id:
            await self.channel_layer.group_add(self.personal_group, self.channel_name)
            mine = await runtime.in_db_thread(
                sync.personal, viewer.workshop_id, viewer.participant_id
            )
            personal = mine.get(viewer.participant_id, "")
        await self.accept()
        await self.feed.welcome(self, page_seq(self.scope), personal)

    @property
    def personal_group(self) -> str:
        return f"participant.{self.participant_id}"

    async def disconnect(self, code: int) -> None:
        self.live = False
        # Frames not yet run are dropped: unacknowledged, the client sends them again.
        self.gone = True
        self.verbs_waiting.clear()
        if self.viewer is None:
            return
        services = runtime.attach()
        if self.feed is not None:
            services.hub.leave(self, self.feed)
        if self.viewer.participant_id:
            await self.channel_layer.group_discard(self.personal_group, self.channel_name)
        if self.counted:
            self.counted = False
            services.presence.closed(self.viewer.workshop_id, self.viewer.participant_id)

    async def push(self, html: str) -> None:
        """A frame from the feed (or for this socket alone)."""
        await self.send(text_data=html)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.viewer is None or self.feed is None:
            return
        self.heard_at = time.monotonic()
        try:
            frame = protocol.parse(text_data, bytes_data)
        except ProtocolError as refused:
            await self.send(text_data=protocol.error(refused.message))
            return
        if frame.verb == "sync":
            await self.heartbeat(frame.seq)
            return
        if self.participant_id and not runtime.attach().limiter.allow(
            self.participant_id, frame.verb, str(frame.client_key or "")
        ):
            with translation.override(self.viewer.language):
                message = _("You are sending a lot in a short time. Wait a moment and try again.")
            await self.send(text_data=protocol.error(message, client_key=frame.client_key))
            return
        # Verbs run one after another, beside the socket: a heartbeat is answered while a
        # phone's dot waits in a busy second, so the phone does not give up on a live socket
        # (realtime.js abandons one that is silent 4 s after a sync) and come back resending.
        self.verbs_waiting.append(frame)
        if self.verb_runner is None or self.verb_runner.done():
            self.verb_runner = asyncio.get_running_loop().create_task(self.run_verbs())

    async def run_verbs(self) -> None:
        while self.verbs_waiting:
            frame = self.verbs_waiting.popleft()
            if verbs.together_handler(frame.verb):
                try:
                    reply = await runtime.attach().batches.run(self.viewer, frame)
                except Exception:
                    # The batch and its one-by-one fallback failed: answer as for any failure.
                    reply = verbs.apology(self.viewer, frame)
            else:
                reply = await runtime.in_db_thread(verbs.dispatch_or_apologise, self.viewer, frame)
            if reply and not self.gone:  # nothing to acknowledge without a client key
                await self.send(text_data=reply)

    async def heartbeat(self, client_seq: int | None) -> None:
        """The client's "I have seq N", answered from what this process knows: the missed
        frames if it lacks some, else just the seq. The feed watches the log for the rest."""
        if self.participant_id:
            runtime.presence().heard_from(self.participant_id)
        if client_seq is not None and client_seq < self.last_seq:
            self.last_seq = client_seq  # frames we sent never arrived
        if self.last_seq < self.feed.seq:
            await self.feed.bring_up_to_date(self)
        await self.send(text_data=protocol.seq_marker(self.last_seq))

    async def participant_message(self, message: dict) -> None:
        await self.send(text_data=message["html"])
        if message.get("close"):
            await self.close(code=CLOSE_NOT_ALLOWED)
