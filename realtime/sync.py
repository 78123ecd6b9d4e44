"""Bringing a screen up to date: the full snapshot, or the events it missed."""

from __future__ import annotations

from django.utils import translation

from realtime import fragments, protocol
from realtime.models import WorkshopEvent
from realtime.viewers import Viewer
from workshops.models import Workshop
from workshops.screens import render_screen

# Past this many missed events a fresh snapshot is cheaper than the replay.
MAX_REPLAY = 50
# Events after which the whole screen changes shape.
SNAPSHOT_KINDS = frozenset({"phase.changed", "workshop.updated"})


def current_seq(workshop_id: int) -> int:
    return Workshop.objects.values_list("seq", flat=True).get(pk=workshop_id)


def snapshot(viewer: Viewer) -> tuple[int, str]:
    """The viewer's whole screen and the seq it reflects. The seq is read before the content,
    so the content is at least that new; later events replay idempotently on top."""
    workshop = Workshop.objects.get(pk=viewer.workshop_id)
    with translation.override(viewer.language):
        screen = render_screen(workshop, viewer.audience)
    personal = ""
    if viewer.participant_id:
        personal = fragments.render_personal_state(workshop, viewer.participant_id).get(
            viewer.participant_id, ""
        )
    return workshop.seq, protocol.join(screen, personal, protocol.seq_marker(workshop.seq))


def catch_up(viewer: Viewer, since_seq: int) -> tuple[int, str]:
    """What happened after `since_seq`, from the event log, or a snapshot across a phase change
    or a long gap."""
    missed = list(
        WorkshopEvent.objects.filter(workshop_id=viewer.workshop_id, seq__gt=since_seq).order_by(
            "seq"
        )[: MAX_REPLAY + 1]
    )
    if not missed:
        return since_seq, protocol.seq_marker(since_seq)
    if len(missed) > MAX_REPLAY or any(event.kind in SNAPSHOT_KINDS for event in missed):
        return snapshot(viewer)
    workshop = Workshop.objects.get(pk=viewer.workshop_id)
    with translation.override(viewer.language):
        parts = [fragments.render_event(event, workshop, viewer.audience) for event in missed]
    return missed[-1].seq, protocol.join(*parts)
