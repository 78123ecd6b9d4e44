"""Reads for the Open Space parts of the screens: the agenda wall and each space's people."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from workshops.models import Participant, Space, SpaceLocation, SpaceSlot, Workshop


@dataclass
class AgendaRow:
    slot: SpaceSlot
    cells: list[tuple[SpaceLocation, Space | None]] = field(default_factory=list)


def spaces_with_people(workshop: Workshop) -> list[Space]:
    """Every topic with its host, place, time and the participants currently in it (`people`),
    ordered as on the wall: by time, then place; unplaced topics last, oldest first."""
    present = Prefetch(
        "present",
        queryset=Participant.objects.filter(removed_at=None).order_by("display_name", "pk"),
        to_attr="people",
    )
    spaces = list(
        Space.objects.filter(workshop=workshop)
        .select_related("host", "location", "slot")
        .prefetch_related(present)
    )

    def wall_order(space: Space) -> tuple:
        if space.location_id and space.slot_id:
            return (0, space.slot.position, space.slot_id, space.location.position, 0)
        return (1, 0, 0, 0, space.pk)

    return sorted(spaces, key=wall_order)


def space_with_people(workshop: Workshop, space_id: int | None) -> Space | None:
    if not space_id:
        return None
    for space in spaces_with_people(workshop):
        if space.pk == space_id:
            return space
    return None


def agenda(workshop: Workshop, spaces: list[Space]) -> dict[str, Any]:
    """The agenda wall: one row per time slot, one cell per place; and the unplaced topics."""
    locations = list(SpaceLocation.objects.filter(workshop=workshop))
    slots = list(SpaceSlot.objects.filter(workshop=workshop))
    by_cell: dict[tuple[int, int], Space] = {}
    unplaced = []
    for space in spaces:
        if space.location_id and space.slot_id:
            by_cell[(space.location_id, space.slot_id)] = space
        else:
            unplaced.append(space)
    rows = [
        AgendaRow(slot, [(location, by_cell.get((location.pk, slot.pk))) for location in locations])
        for slot in slots
    ]
    free_cells = [
        (location, slot)
        for slot in slots
        for location in locations
        if (location.pk, slot.pk) not in by_cell
    ]
    return {
        "locations": locations,
        "slots": slots,
        "agenda_rows": rows,
        "unplaced_spaces": unplaced,
        "free_cells": free_cells,
    }


def spaces_context(workshop: Workshop, audience: str) -> dict[str, Any]:
    """Everything the spaces part of a stage needs, for any audience."""
    spaces = spaces_with_people(workshop)
    return {"spaces": spaces, **agenda(workshop, spaces)}
