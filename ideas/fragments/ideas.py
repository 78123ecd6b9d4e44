"""How idea events show on each screen."""

from __future__ import annotations

from django.template.loader import render_to_string

from ideas.fragments.themes import board_after_idea_event
from ideas.models import Idea
from realtime import protocol
from realtime.fragments import FACILITATOR, renders, shared
from realtime.models import WorkshopEvent
from workshops.models import Workshop
from workshops.phases import Phase


def idea_item(idea: Idea, workshop: Workshop, audience: str) -> str:
    return render_to_string(
        "ideas/_idea.html", {"idea": idea, "audience": audience, "workshop": workshop}
    )


@renders("idea.submitted", "idea.edited", "idea.changed", "idea.deleted")
def idea(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """The idea as it is now: upserted where it is visible, removed where it is not."""
    if workshop.phase == Phase.CLUSTERING:
        # Late drafts (grace period) and moderation land on the clustering board instead.
        return board_after_idea_event(event, workshop, audience)
    idea_id = event.payload.get("idea_id")
    idea = shared(
        event,
        "idea",
        lambda: Idea.objects.select_related("author", "space").filter(pk=idea_id).first(),
    )
    if idea is None or (idea.hidden and audience != FACILITATOR):
        return protocol.remove(f"idea-{idea_id}")
    return protocol.upsert(idea_item(idea, workshop, audience), into="ideas", at_start=True)
