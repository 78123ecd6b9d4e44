"""Turning committed events into channel-layer messages, and sending them.

Sequenced events become one message per screen group (audience and language) for each run of
consecutive seqs: `{"type": "workshop.event", "first": a, "seq": b, "html": ...}` carries the
fragments of events a..b. Counters become unsequenced state messages,
`{"type": "workshop.state", "name": ..., "at": time, "html": ...}`, the current state that
replaces the last one. Personal messages go to `participant.<id>`.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from realtime import fragments
from realtime.models import WorkshopEvent
from workshops.models import Workshop

logger = logging.getLogger(__name__)

Send = tuple[str, dict]


def consecutive_runs(events: list[WorkshopEvent]) -> list[list[WorkshopEvent]]:
    """Sequenced events split where a seq is missing (committed by another process, or not yet
    handed over): a message never claims a seq it does not carry."""
    runs: list[list[WorkshopEvent]] = []
    for event in sorted(events, key=lambda e: e.seq):
        if runs and event.seq == runs[-1][-1].seq + 1:
            runs[-1].append(event)
        elif not runs or event.seq > runs[-1][-1].seq:
            runs.append([event])
    return runs


def event_messages(events: Iterable[WorkshopEvent]) -> list[Send]:
    """The messages for a batch of committed events, rendered once per audience and language."""
    by_workshop: dict[int, list[WorkshopEvent]] = defaultdict(list)
    for event in events:
        by_workshop[event.workshop_id].append(event)
    sends: list[Send] = []
    for workshop_id, batch in by_workshop.items():
        workshop = Workshop.objects.filter(pk=workshop_id).first()
        if workshop is None:
            continue
        for run in consecutive_runs([e for e in batch if e.seq is not None]):
            parts: dict[str, list[str]] = defaultdict(list)
            for event in run:
                for key, html in fragments.render_for_all(event, workshop).items():
                    parts[key].append(html)
            for key, htmls in parts.items():
                message = {
                    "type": "workshop.event",
                    "first": run[0].seq,
                    "seq": run[-1].seq,
                    "html": "".join(htmls),
                }
                sends.append((fragments.screen_group(workshop_id, key), message))
        for event in batch:
            close = event.kind in fragments.DISCONNECTING_KINDS
            for participant_id, html in fragments.render_personal(event, workshop).items():
                message = {"type": "participant.message", "html": html, "close": close}
                sends.append((f"participant.{participant_id}", message))
    return sends


def counter_messages(workshop_id: int, name: str, participant_ids: frozenset[int]) -> list[Send]:
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return []
    at = time.time()
    return [
        (
            fragments.screen_group(workshop_id, key),
            {"type": "workshop.state", "name": name, "at": at, "html": html},
        )
        for key, html in fragments.render_counter_for_all(name, workshop, participant_ids).items()
    ]


def counters_moved_by(events: Iterable[WorkshopEvent]) -> dict[tuple[int, str], set[int]]:
    """(workshop, counter) → the participants whose quiet events moved it."""
    moved: dict[tuple[int, str], set[int]] = defaultdict(set)
    for event in events:
        name = fragments.counter_of(event.kind)
        if name:
            people = moved[(event.workshop_id, name)]
            if event.payload.get("participant_id"):
                people.add(event.payload["participant_id"])
    return moved


async def send_all(sends: list[Send]) -> None:
    """Delivery is at most once; a screen that misses a frame notices the gap in `seq` (or its
    process does, by watching the workshop's seq) and recovers from the event log. So a failing
    layer is logged, not raised: the change itself is committed."""
    layer = get_channel_layer()
    try:
        for group, message in sends:
            await layer.group_send(group, message)
    except Exception:
        logger.exception("Could not publish %d messages; screens will resync", len(sends))


def publish_now(events: list[WorkshopEvent]) -> None:
    """Render and send on the calling thread: for commits made outside a serving process
    (management commands, the test client)."""
    sends = event_messages(events)
    for (workshop_id, name), people in counters_moved_by(events).items():
        sends += counter_messages(workshop_id, name, frozenset(people))
    if sends:
        async_to_sync(send_all)(sends)
