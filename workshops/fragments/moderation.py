"""How the pause and erasures show on each screen."""

from __future__ import annotations

from realtime.fragments import FACILITATOR, renders
from realtime.models import WorkshopEvent
from workshops.actions.pause import PAUSED, RESUMED
from workshops.actions.privacy import CONTRIBUTIONS_DELETED, NAME_ERASED
from workshops.models import Workshop
from workshops.screens import render_region, render_screen


@renders(PAUSED, RESUMED)
def paused(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """The notice on phones; on the console the switch, which says which state it is in."""
    if audience == FACILITATOR:
        return render_region("workshops/regions/_pause_controls.html", workshop, audience)
    return render_region("workshops/regions/_paused.html", workshop, audience)


@renders(NAME_ERASED, CONTRIBUTIONS_DELETED)
def erased(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """Rare, and the person's name or posts may be anywhere on any screen (the wall, the
    board, a column, a comment, the people list): the whole screen, rendered once per
    audience and language."""
    return render_screen(workshop, audience)
