"""One subscription per screen group per process, shared by that process's sockets.

A `Feed` listens to one workshop's group for one audience and language, puts what arrives in
seq order and hands the same bytes to every socket of that group in this process. Messages from
two processes may arrive out of order: a message past a gap waits up to REORDER_WINDOW_S for
the gap to fill, then the feed reads the missing events from the log once, for all its sockets.
It also checks the workshop's seq every WATCH_INTERVAL_S, so a message lost at the very end
(Redis restarting) is recovered without any phone asking.

A feed keeps its recent deliveries in a ring: a phone that reconnects or connects with a page
at seq N gets what came after N from there, without a database read, and a phone that needs a
whole screen gets one rendered for everyone of its group (rendered again only when old).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from channels.layers import get_channel_layer

from realtime import protocol, runtime, sync
from realtime.fragments import PARTICIPANT, audience_key, screen_group

logger = logging.getLogger(__name__)

REORDER_WINDOW_S = 0.3
WATCH_INTERVAL_S = 2.0
SEQ_MAX_AGE_S = 1.0
RING_SIZE = 256
SCREEN_MAX_AGE_S = 10.0
SCREEN_MAX_REPLAY = 20
FEED_IDLE_S = 60.0
# A socket whose client has said nothing for this long (its heartbeat runs every 5 s) is asleep
# or frozen: frames are no longer queued for it, so its buffers stay bounded. Its next heartbeat
# says which seq it has, and it gets the rest then.
ASLEEP_AFTER_S = 30.0
# Counters reach phones at most this often (consoles and projectors: as the publisher sends
# them, a few a second). A thousand phones × four updates a second was a core's worth of sends.
PHONE_STATE_INTERVAL_S = 1.0
PHONES_PER_STATE_SECOND = 500  # past this many phones in a process, the interval grows
# At most this many characters in one frame we assemble (UTF-8: at most 4 bytes each, so under
# Daphne's 1 MiB limit whatever the text).
FRAME_CHARS = 256 * 1024


class Member(Protocol):
    """A socket as a feed sees it."""

    participant_id: int | None
    last_seq: int
    live: bool
    catching_up: bool
    heard_at: float  # time.monotonic() of the last frame from the client

    async def push(self, html: str) -> None: ...


@dataclass(frozen=True)
class Delivery:
    first: int
    last: int
    html: str


@dataclass(frozen=True)
class Screen:
    seq: int
    html: str
    rendered_at: float


async def push_in_frames(member: Member, parts: list[str]) -> None:
    """Send parts (each whole elements) in as few frames as possible, none past FRAME_CHARS:
    a screen plus what came after it must never grow into a frame Daphne refuses (1 MiB)."""
    frame: list[str] = []
    size = 0
    for part in filter(None, parts):
        if frame and size + len(part) > FRAME_CHARS:
            await member.push("".join(frame))
            frame, size = [], 0
        frame.append(part)
        size += len(part)
    if frame:
        await member.push("".join(frame))


class Feed:
    def __init__(self, hub: Hub, workshop_id: int, audience: str, language: str):
        self.hub = hub
        self.workshop_id = workshop_id
        self.audience = audience
        self.language = language
        self.group = screen_group(workshop_id, audience_key(audience, language))
        self.members: set[Member] = set()
        self.seq = 0
        self.ring: deque[Delivery] = deque(maxlen=RING_SIZE)
        self.held: dict[int, Delivery] = {}
        self.watch_target = 0
        self.states: dict[str, tuple[float, str]] = {}
        self.state_pushed_at: dict[str, float] = {}
        self.state_timers: dict[str, asyncio.TimerHandle] = {}
        self.screen: Screen | None = None
        self.jobs: dict[object, asyncio.Future] = {}
        self.tasks: list[asyncio.Task] = []
        self.fill_task: asyncio.Task | None = None
        self.idle_since: float | None = None

    # ---- subscription ----------------------------------------------------------------------

    async def start(self) -> None:
        layer = get_channel_layer()
        self.channel = await layer.new_channel(prefix="feed.")
        # Join first, then read: anything committed meanwhile is in the seq or arrives after.
        await layer.group_add(self.group, self.channel)
        self.seq = await self.hub.current_seq(self.workshop_id, fresh=True)
        self.tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._watch())]

    async def stop(self) -> None:
        for task in [*self.tasks, self.fill_task]:
            if task:
                task.cancel()
        await get_channel_layer().group_discard(self.group, self.channel)

    async def _listen(self) -> None:
        layer = get_channel_layer()
        while True:
            message = await layer.receive(self.channel)
            try:
                if message.get("type") == "workshop.event":
                    first = message.get("first", message["seq"])
                    await self.on_event(Delivery(first, message["seq"], message["html"]))
                elif message.get("type") == "workshop.state":
                    await self.on_state(message["name"], message["at"], message["html"])
            except Exception:
                logger.exception("Feed %s could not handle a message", self.group)

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(WATCH_INTERVAL_S)
            if not self.members:
                continue
            try:
                latest = await self.hub.current_seq(self.workshop_id)
            except Exception:
                logger.exception("Feed %s could not read the workshop's seq", self.group)
                continue
            if latest > self.seq:
                self.watch_target = max(self.watch_target, latest)
                self._schedule_fill()

    # ---- in order, once, to everyone -------------------------------------------------------

    async def on_event(self, delivery: Delivery) -> None:
        if delivery.last <= self.seq:
            return  # already delivered (a replay or a fill got there first)
        if delivery.first > self.seq + 1:
            self.held[delivery.first] = delivery
            self._schedule_fill()
            return
        await self._deliver(delivery)
        await self._deliver_held()

    async def _deliver(self, delivery: Delivery) -> None:
        self.ring.append(delivery)
        self.seq = delivery.last
        asleep = time.monotonic() - ASLEEP_AFTER_S
        for member in list(self.members):
            if not member.live or delivery.last <= member.last_seq or member.heard_at < asleep:
                continue
            if delivery.first > member.last_seq + 1:
                if not member.catching_up:
                    asyncio.create_task(self.bring_up_to_date(member))
                continue
            member.last_seq = delivery.last
            await member.push(delivery.html)

    async def _deliver_held(self) -> None:
        while self.held:
            first = min(self.held)
            if first > self.seq + 1:
                return
            delivery = self.held.pop(first)
            if delivery.last > self.seq:
                await self._deliver(delivery)

    def _schedule_fill(self) -> None:
        if self.fill_task is None or self.fill_task.done():
            self.fill_task = asyncio.create_task(self._fill_after_window())

    async def _fill_after_window(self) -> None:
        """Give the missing message a moment (it may come from another process), then read
        what is still missing from the log, once for all sockets of this feed."""
        await asyncio.sleep(REORDER_WINDOW_S)
        while True:
            await self._deliver_held()
            target = min(self.held) - 1 if self.held else self.watch_target
            if target <= self.seq:
                return
            html = await runtime.in_render_thread(
                sync.replay, self.workshop_id, self.audience, self.language, self.seq, target
            )
            if html is not None:
                await self._deliver(Delivery(self.seq + 1, target, html))
                continue
            screen = await self.whole_screen(fresh=True)
            if screen.seq <= self.seq:
                return  # the log is behind the messages: nothing to fill yet
            await self._deliver(Delivery(self.seq + 1, screen.seq, screen.html))
            await self._push_personal_states()

    async def _push_personal_states(self) -> None:
        """After a whole screen reached phones that were live: their own state again."""
        if self.audience != PARTICIPANT:
            return
        personal = await runtime.in_render_thread(sync.personal, self.workshop_id, None)
        for member in list(self.members):
            if member.live and personal.get(member.participant_id):
                await member.push(personal[member.participant_id])

    async def on_state(self, name: str, at: float, html: str) -> None:
        """A counter's current state: newer replaces older (two processes may cross)."""
        if name in self.states and self.states[name][0] > at:
            return
        self.states[name] = (at, html)
        if self.audience != PARTICIPANT:
            await self._push_state(name)
            return
        interval = self.phone_state_interval
        wait = self.state_pushed_at.get(name, -interval) + interval - time.monotonic()
        if wait <= 0:
            await self._push_state(name)
        elif name not in self.state_timers:  # the newest state goes out when its time comes
            self.state_timers[name] = asyncio.get_running_loop().call_later(
                wait, lambda: asyncio.ensure_future(self._push_state(name))
            )

    @property
    def phone_state_interval(self) -> float:
        """Longer in a bigger room: every update is one frame per phone in this process."""
        return PHONE_STATE_INTERVAL_S * max(1.0, len(self.members) / PHONES_PER_STATE_SECOND)

    async def _push_state(self, name: str) -> None:
        self.state_timers.pop(name, None)
        self.state_pushed_at[name] = time.monotonic()
        _at, html = self.states[name]
        asleep = time.monotonic() - ASLEEP_AFTER_S
        for member in list(self.members):
            if member.live and member.heard_at >= asleep:
                await member.push(html)

    # ---- a socket's first frame, and catching one socket up --------------------------------

    async def welcome(self, member: Member, page_seq: int | None, personal: str) -> None:
        """Send a new socket what it needs: only what came after its page's seq when this
        process still has it, else a whole screen (shared). Then it goes live."""
        parts, seq, since = None, 0, 0.0
        if page_seq is not None:
            resumed = await self._resume(page_seq)
            if resumed is not None:
                (parts, seq) = resumed
        if parts is None:
            parts, seq, since = await self._screen_frame()
        states = [state for at, state in self.states.values() if at > since]
        member.last_seq = seq
        await push_in_frames(member, [*parts, personal, *states, protocol.seq_marker(seq)])
        member.live = True
        if member.last_seq < self.seq:
            await self.bring_up_to_date(member)  # delivered while the first frame was made

    async def _resume(self, since: int) -> tuple[list[str], int] | None:
        """What came after `since` (as frames' parts), or None if only a whole screen will do."""
        if since > self.seq:
            # The page is newer than what this feed has heard: true if the log agrees.
            if since <= await self.hub.current_seq(self.workshop_id):
                return [], since
            return None
        after = self._after(since)
        if after is not None:
            return [d.html for d in after], self.seq
        until = self.seq  # what the replay covers, however far the feed moves meanwhile
        html = await self._shared(
            ("replay", since, until),
            lambda: runtime.in_render_thread(
                sync.replay, self.workshop_id, self.audience, self.language, since, until
            ),
        )
        return None if html is None else ([html], until)

    async def _screen_frame(self) -> tuple[list[str], int, float]:
        """The shared whole screen with what the ring has after it: parts, seq, rendered at."""
        screen = await self.whole_screen()
        after = self._after(screen.seq) or []
        parts = [screen.html, *(d.html for d in after)]
        return parts, max([screen.seq, *(d.last for d in after)]), screen.rendered_at

    async def bring_up_to_date(self, member: Member) -> None:
        """One socket is behind the feed (its frames were lost, or it joined mid-delivery)."""
        member.catching_up = True
        try:
            await self._catch_up(member)
        finally:
            member.catching_up = False

    async def _catch_up(self, member: Member) -> None:
        while member.live and member.last_seq < self.seq:
            resumed = await self._resume(member.last_seq)
            if resumed is None:
                parts, seq, _at = await self._screen_frame()
                if member.participant_id:
                    mine = await runtime.in_render_thread(
                        sync.personal, self.workshop_id, member.participant_id
                    )
                    parts.append(mine.get(member.participant_id, ""))
                resumed = (parts, seq)
            parts, seq = resumed
            if seq <= member.last_seq:
                return
            member.last_seq = seq
            await push_in_frames(member, [*parts, protocol.seq_marker(seq)])

    def _after(self, since: int) -> list[Delivery] | None:
        """The ring's deliveries after `since`, or None if the ring no longer reaches back."""
        if since >= self.seq:
            return []
        if not self.ring or self.ring[0].first > since + 1:
            return None
        return [d for d in self.ring if d.last > since]

    async def whole_screen(self, *, fresh: bool = False) -> Screen:
        """This group's whole screen, shared by every socket that needs one: rendered again
        when it is old or far behind, else reused with the ring's deliveries on top."""
        screen = self.screen
        if not fresh and screen is not None:
            after = self._after(screen.seq)
            young = time.time() - screen.rendered_at < SCREEN_MAX_AGE_S
            if young and after is not None and len(after) <= SCREEN_MAX_REPLAY:
                return screen

        async def render() -> Screen:
            seq, html = await runtime.in_render_thread(
                sync.screen, self.workshop_id, self.audience, self.language
            )
            self.screen = Screen(seq, html, time.time())
            return self.screen

        return await self._shared(("screen", fresh), render)

    async def _shared(self, key: object, make: Callable[[], Awaitable]) -> object:
        """One computation for everyone who asks for the same thing at the same time."""
        job = self.jobs.get(key)
        if job is None:
            job = self.jobs[key] = asyncio.ensure_future(make())
            job.add_done_callback(lambda _done: self.jobs.pop(key, None))
        return await asyncio.shield(job)


class Hub:
    """This process's feeds, by workshop, audience and language."""

    def __init__(self) -> None:
        self.feeds: dict[tuple[int, str, str], Feed] = {}
        self.starting: dict[tuple[int, str, str], asyncio.Future] = {}
        self.seqs: dict[int, tuple[float, int]] = {}
        self.seq_reads: dict[int, asyncio.Future] = {}

    async def join(self, member: Member, workshop_id: int, audience: str, language: str) -> Feed:
        key = (workshop_id, audience, language)
        feed = self.feeds.get(key)
        if feed is None:
            if key not in self.starting:
                self.starting[key] = asyncio.ensure_future(self._start(key))
            feed = await asyncio.shield(self.starting[key])
        feed.members.add(member)
        feed.idle_since = None
        return feed

    async def _start(self, key: tuple[int, str, str]) -> Feed:
        try:
            feed = Feed(self, *key)
            await feed.start()
            self.feeds[key] = feed
            return feed
        finally:
            self.starting.pop(key, None)

    def leave(self, member: Member, feed: Feed) -> None:
        feed.members.discard(member)
        if not feed.members:
            feed.idle_since = time.monotonic()
            asyncio.get_running_loop().call_later(FEED_IDLE_S, self._close_if_idle, feed)

    def _close_if_idle(self, feed: Feed) -> None:
        idle = feed.idle_since is not None and time.monotonic() - feed.idle_since >= FEED_IDLE_S
        if idle and not feed.members and self.feeds.get(self._key(feed)) is feed:
            del self.feeds[self._key(feed)]
            asyncio.ensure_future(feed.stop())

    @staticmethod
    def _key(feed: Feed) -> tuple[int, str, str]:
        return (feed.workshop_id, feed.audience, feed.language)

    async def current_seq(self, workshop_id: int, *, fresh: bool = False) -> int:
        """The workshop's seq from the database, read at most once a SEQ_MAX_AGE_S per
        process however many feeds and sockets ask."""
        known = self.seqs.get(workshop_id)
        if not fresh and known and time.monotonic() - known[0] < SEQ_MAX_AGE_S:
            return known[1]
        read = self.seq_reads.get(workshop_id)
        if read is None or fresh:
            read = asyncio.ensure_future(runtime.in_render_thread(sync.current_seq, workshop_id))
            self.seq_reads[workshop_id] = read

            def remember(done: asyncio.Future, workshop_id: int = workshop_id) -> None:
                if self.seq_reads.get(workshop_id) is done:
                    del self.seq_reads[workshop_id]
                if not done.cancelled() and done.exception() is None:
                    self.seqs[workshop_id] = (time.monotonic(), done.result())

            read.add_done_callback(remember)
        return await asyncio.shield(read)
