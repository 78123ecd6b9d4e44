"""Bringing a screen up to date: a whole screen, or the events it missed, read from the log.

These run in the render thread (realtime/runtime.py) and are shared: a process renders one
screen for every new phone of the same audience and language, and one replay for every phone
that missed the same events (realtime/hub.py).
"""

from __future__ import annotations

from django.utils import translation

from realtime import fragments, protocol
from realtime.models import WorkshopEvent
from workshops.models import Workshop
from workshops.screens import shared_screen

# Past this many missed events a fresh screen is cheaper than the replay.
MAX_REPLAY = 50


def current_seq(workshop_id: int) -> int:
    return Workshop.objects.values_list("seq", flat=True).get(pk=workshop_id)


def screen(workshop_id: int, audience: str, language: str) -> tuple[int, str]:
    """A whole screen and the seq it reflects. The seq is read before the content, so the
    content is at least that new; later events replay idempotently on top. Nothing personal:
    see `personal`."""
    workshop = Workshop.objects.get(pk=workshop_id)
    with translation.override(language):
        html = shared_screen(workshop, audience)
    return workshop.seq, protocol.join(html, protocol.seq_marker(workshop.seq))


def personal(workshop_id: int, participant_id: int | None = None) -> dict[int, str]:
    """What a whole screen needs on top for one participant (None: for everyone), e.g. their
    own dots. Language-neutral."""
    workshop = Workshop.objects.get(pk=workshop_id)
    return fragments.render_personal_state(workshop, participant_id)


def replay(workshop_id: int, audience: str, language: str, since: int, until: int) -> str | None:
    """The fragments of events since..until for one screen, or None when a whole screen is
    due instead (too many, or one of them reshaped the screen)."""
    missed = list(
        WorkshopEvent.objects.filter(
            workshop_id=workshop_id, seq__gt=since, seq__lte=until
        ).order_by("seq")[: MAX_REPLAY + 1]
    )
    if len(missed) > MAX_REPLAY or any(event.kind in fragments.SCREEN_KINDS for event in missed):
        return None
    if len(missed) != until - since:
        return None  # not all committed yet, or the log was cut: start afresh
    workshop = Workshop.objects.get(pk=workshop_id)
    with translation.override(language):
        return protocol.join(
            *(fragments.render_event(event, workshop, audience) for event in missed)
        )
