"""How Open Space events show on each screen.

Placing, merging and setting up places and times can change every card (the free cells in each
host's menu, the merge choices), so they replace the whole spaces region; the frequent events
(a new topic, someone moving, a report) touch only the parts they change.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from realtime import protocol
from realtime.fragments import FACILITATOR, renders
from realtime.models import WorkshopEvent
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import base_context
from workshops.space_selectors import spaces_context

SPACE_PHASES = (Phase.IDEAS, Phase.CLUSTERING)


def _context(workshop: Workshop, audience: str) -> dict[str, Any]:
    return {**base_context(workshop, audience), **spaces_context(workshop, audience)}


def _shows_spaces(workshop: Workshop) -> bool:
    return workshop.use_spaces and workshop.phase in SPACE_PHASES


@renders("space.configured", "space.placed", "space.merged")
def whole_region(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    parts = []
    if _shows_spaces(workshop):
        parts.append(render_to_string("spaces/_spaces.html", _context(workshop, audience)))
    elif audience == FACILITATOR and event.kind == "space.configured":
        # Set up beforehand: the console shows the set-up panel in the earlier phases too.
        parts.append(render_to_string("spaces/_setup.html", _context(workshop, audience)))
    return protocol.join(*parts)


def _space_by_id(context: dict[str, Any], space_id: int | None):
    return next((space for space in context["spaces"] if space.pk == space_id), None)


@renders("space.proposed")
def proposed(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    if not _shows_spaces(workshop):
        return ""
    context = _context(workshop, audience)
    space = _space_by_id(context, event.payload.get("space_id"))
    parts = (
        [render_to_string("spaces/_agenda.html", context)] if workshop.phase == Phase.IDEAS else []
    )
    if space is None:
        parts.append(protocol.remove(f"space-{event.payload.get('space_id')}"))
    else:
        card = render_to_string("spaces/_space.html", {**context, "space": space})
        parts.append(protocol.upsert(card, into="space-list"))
    return protocol.join(*parts)


@renders("space.joined", "space.left")
def moved(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """The people in the space left and in the space joined, and the wall's head counts."""
    if not _shows_spaces(workshop):
        return ""
    context = _context(workshop, audience)
    parts = (
        [render_to_string("spaces/_agenda.html", context)] if workshop.phase == Phase.IDEAS else []
    )
    for space_id in {event.payload.get("from_space_id"), event.payload.get("space_id")} - {None}:
        space = _space_by_id(context, space_id)
        if space is not None:
            parts.append(render_to_string("spaces/_people.html", {**context, "space": space}))
    return protocol.join(*parts)


@renders("space.reported")
def reported(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    if not _shows_spaces(workshop):
        return ""
    context = _context(workshop, audience)
    space = _space_by_id(context, event.payload.get("space_id"))
    if space is None:
        return ""
    return render_to_string("spaces/_report.html", {**context, "space": space})
