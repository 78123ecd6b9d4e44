"""How carried ideas show on a running meeting's screens: rare, so the whole screen."""

from __future__ import annotations

from realtime.fragments import renders
from realtime.models import WorkshopEvent
from workshops.models import Workshop
from workshops.screens import render_screen


@renders("ideas.carried")
def carried(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    return render_screen(workshop, audience)
