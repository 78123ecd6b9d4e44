"""Publishing committed events to every screen of a workshop through the channel layer."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from realtime import fragments
from realtime.models import WorkshopEvent
from workshops.models import Workshop

logger = logging.getLogger(__name__)


async def _send_all(sends: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    for group, message in sends:
        await layer.group_send(group, message)


def publish(event: WorkshopEvent) -> None:
    """Send one committed event to the workshop's screens, rendered once per audience and
    language (one group each).

    Delivery is at most once; a screen that misses a frame notices the gap in `seq` (or its
    periodic sync does) and recovers from the event log. So a failing layer is logged, not
    raised: the change itself is committed.
    """
    workshop = Workshop.objects.get(pk=event.workshop_id)
    sends = [
        (
            fragments.screen_group(workshop.pk, key),
            {"type": "workshop.event", "seq": event.seq, "kind": event.kind, "html": html},
        )
        for key, html in fragments.render_for_all(event, workshop).items()
    ]
    close = event.kind in fragments.DISCONNECTING_KINDS
    sends += [
        (
            f"participant.{participant_id}",
            {"type": "participant.message", "html": html, "close": close},
        )
        for participant_id, html in fragments.render_personal(event, workshop).items()
    ]
    try:
        async_to_sync(_send_all)(sends)
    except Exception:
        logger.exception("Could not publish event %s; screens will resync from the log", event)
