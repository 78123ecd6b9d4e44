"""What each audience's screen shows in each phase.

A screen is one `#screen` region made of smaller regions with stable ids (phase, timer,
presence, stage…). The first page load, a reconnect's snapshot and a phase change all render
it the same way. Apps add what a phase's stage needs with `@stage_context(Phase.X, ...)`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from workshops import phases, selectors
from workshops.models import Workshop

StageBuilder = Callable[[Workshop, str], dict[str, Any]]
_stage_builders: dict[phases.Phase, list[StageBuilder]] = defaultdict(list)
# A participant's own page-level style (which ideas are theirs, which space they are in), by
# participant id: `<style id="...">` elements that personal messages replace later.
OwnStyle = Callable[[Workshop, int], str]
_own_styles: list[OwnStyle] = []


def stage_context(*for_phases: phases.Phase) -> Callable[[StageBuilder], StageBuilder]:
    def register(builder: StageBuilder) -> StageBuilder:
        for phase in for_phases:
            _stage_builders[phase].append(builder)
        return builder

    return register


def own_style(provider: OwnStyle) -> OwnStyle:
    """Register a provider of a participant's own style. Shared renders say nothing about
    whose an idea or a topic is (that would let anyone link an anonymous person's
    contributions); each participant's page, and their personal messages, carry a style
    that shows their own controls instead."""
    _own_styles.append(provider)
    return provider


def own_styles(workshop: Workshop, participant_id: int) -> str:
    """Every own style of one participant, for their page's head."""
    return mark_safe("".join(provider(workshop, participant_id) for provider in _own_styles))  # noqa: S308 - rendered templates


def timer_context(workshop: Workshop) -> dict[str, Any]:
    """Screens count down from the time left as the server sees it, so a phone's wrong clock
    doesn't matter."""
    if workshop.phase_ends_at is None:
        return {"remaining_ms": None, "remaining_label": ""}
    remaining = max(0, int((workshop.phase_ends_at - timezone.now()).total_seconds() * 1000))
    seconds = -(-remaining // 1000)
    return {"remaining_ms": remaining, "remaining_label": f"{seconds // 60}:{seconds % 60:02d}"}


def base_context(workshop: Workshop, audience: str) -> dict[str, Any]:
    phase = phases.Phase(workshop.phase)
    return {
        **timer_context(workshop),
        "stage_template": f"stages/{phase}.html",
        "workshop": workshop,
        "audience": audience,
        "phase": phase,
        "phase_label": phase.label,
        "next_phase": phases.next_phase(phase, workshop.phases_used),
        "previous_phase": phases.previous_phase_of(phase, workshop.phases_used),
        "is_facilitator_view": audience == "facilitator",
        "is_projector_view": audience == "projector",
        "connected_count": selectors.connected_count(workshop),
    }


def screen_context(workshop: Workshop, audience: str) -> dict[str, Any]:
    context = base_context(workshop, audience)
    for builder in _stage_builders[context["phase"]]:
        context.update(builder(workshop, audience))
    if audience == "facilitator":
        context.update(participants_context(workshop))
    return context


# The console's list of people shows the newest this many; the rest are a page of their own.
# A 2,000-person rush would otherwise make the console's whole screen bigger than Daphne sends.
CONSOLE_PEOPLE = 200


def participants_context(workshop: Workshop) -> dict[str, Any]:
    people = selectors.active_participants(workshop)
    newest = list(people.order_by("-joined_at", "-pk")[:CONSOLE_PEOPLE])[::-1]
    earlier = people.count() - len(newest) if len(newest) == CONSOLE_PEOPLE else 0
    return {
        "participants": newest,
        "participants_earlier": earlier,
        "connected_ids": selectors.connected_ids(workshop),
        **removed_context(workshop),
    }


def removed_context(workshop: Workshop) -> dict[str, Any]:
    """The removed participants the facilitator can let back in (their devices are barred)."""
    return {"removed_participants": list(selectors.removed_participants(workshop))}


def render_screen(workshop: Workshop, audience: str) -> str:
    return render_to_string(
        f"workshops/screens/{audience}.html", screen_context(workshop, audience)
    )


# A whole screen is the same for every viewer of one audience and language at one seq, so a
# process renders it once for a rush of phones (page loads and sockets alike). Counters move
# without a seq: an entry is kept only briefly, and sockets get the counters' state on connect.
SHARED_SCREEN_TTL_S = 5.0
_SHARED_SCREENS_KEPT = 32
_shared_screens: OrderedDict[tuple, tuple[float, str]] = OrderedDict()
_shared_lock = threading.Lock()


def shared_screen(workshop: Workshop, audience: str) -> str:
    """`render_screen` in the active language, shared by the viewers of one seq. `workshop`
    must be freshly read: its seq is the key."""
    key = (workshop.pk, workshop.join_code, workshop.seq, audience, translation.get_language())
    now = time.monotonic()
    with _shared_lock:
        kept = _shared_screens.get(key)
    if kept is not None and now - kept[0] < SHARED_SCREEN_TTL_S:
        return kept[1]
    html = render_screen(workshop, audience)
    with _shared_lock:
        _shared_screens[key] = (now, html)
        _shared_screens.move_to_end(key)
        while len(_shared_screens) > _SHARED_SCREENS_KEPT:
            _shared_screens.popitem(last=False)
    return html


def render_region(template: str, workshop: Workshop, audience: str, **extra: Any) -> str:
    """One region of a screen, e.g. the timer, with the base context plus `extra`."""
    return render_to_string(template, {**base_context(workshop, audience), **extra})


@stage_context(phases.Phase.LOBBY, phases.Phase.KNOWLEDGE)
def knowledge_stage(workshop: Workshop, audience: str) -> dict[str, Any]:
    cards = list(selectors.visible_cards(workshop, include_hidden=audience == "facilitator"))
    by_kind: dict[str, list] = defaultdict(list)
    for card in cards:
        by_kind[card.kind].append(card)
    return {
        "facts": by_kind["fact"],
        "questions": by_kind["question"],
        "existing_activities": by_kind["existing_activity"],
    }
