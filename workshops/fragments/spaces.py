"""How Open Space events show on each screen.

Placing, merging and setting up places and times can change every card (the free cells in each
host's menu, the merge choices), so they replace the whole spaces region; the frequent events
(a new topic, someone moving, a report) touch only the parts they change.

Nothing shared says who hosts a topic or who is in a space other than by name (an id would link
an anonymous person's topics); each participant's page carries a style that shows the controls
of the space they are in and of the topics they host (`my-space-style`), kept current by
personal messages.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from realtime import protocol
from realtime.fragments import FACILITATOR, personal_state, renders, renders_personal
from realtime.models import WorkshopEvent
from workshops.models import Participant, Space, Workshop
from workshops.phases import Phase
from workshops.screens import base_context, own_style
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


def _style(space_id: int | None, hosted_ids: list[int]) -> str:
    return render_to_string(
        "spaces/_my_space_style.html", {"space_id": space_id, "hosted_ids": hosted_ids}
    )


@own_style
def my_space_style(workshop: Workshop, participant_id: int) -> str:
    """A page-level style that shows one participant the controls of the space they are in
    and of the topics they host."""
    space_id = (
        Participant.objects.filter(workshop=workshop, pk=participant_id)
        .values_list("space_id", flat=True)
        .first()
    )
    hosted = Space.objects.filter(workshop=workshop, host_id=participant_id).order_by("pk")
    return _style(space_id, list(hosted.values_list("pk", flat=True)))


@renders_personal("space.proposed", "space.joined", "space.left", "space.merged")
def my_space(event: WorkshopEvent, workshop: Workshop) -> dict[int, str]:
    """The style of whoever this event moved: the new host, the person who moved, or (a
    merge) everyone now in the remaining topic."""
    if event.kind == "space.proposed":
        ids = [event.actor_participant_id]
    elif event.kind == "space.merged":
        ids = list(
            Participant.objects.filter(
                workshop=workshop, space_id=event.payload.get("space_id")
            ).values_list("pk", flat=True)
        )
    else:
        ids = [event.payload.get("participant_id")]
    return {pid: my_space_style(workshop, pid) for pid in ids if pid is not None}


@personal_state
def my_space_state(workshop: Workshop, participant_id: int | None) -> dict[int, str]:
    """On a full screen: the style of everyone in a space or hosting a topic."""
    if not _shows_spaces(workshop):
        return {}
    if participant_id is not None:
        return {participant_id: my_space_style(workshop, participant_id)}
    present = dict(
        Participant.objects.filter(workshop=workshop, space__isnull=False).values_list(
            "pk", "space_id"
        )
    )
    hosted: dict[int, list[int]] = {}
    for host_id, space_id in (
        Space.objects.filter(workshop=workshop, host__isnull=False)
        .order_by("pk")
        .values_list("host_id", "pk")
    ):
        hosted.setdefault(host_id, []).append(space_id)
    return {
        pid: _style(present.get(pid), hosted.get(pid, [])) for pid in set(present) | set(hosted)
    }
