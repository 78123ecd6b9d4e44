"""What the idea phase's stage needs: the idea wall and, when the workshop uses Open Space,
the agenda wall and its topics."""

from __future__ import annotations

from typing import Any

from ideas.models import IDEA_TEXT_MAX, IDEA_TITLE_MAX
from ideas.selectors import WALL_FIRST, wall_page
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import stage_context
from workshops.space_selectors import agenda, spaces_context


@stage_context(Phase.IDEAS)
def idea_wall(workshop: Workshop, audience: str) -> dict[str, Any]:
    """The newest ideas; older ones are a "show older ideas" away (ideas/pages.py)."""
    ideas, left = wall_page(workshop, include_hidden=audience == "facilitator", size=WALL_FIRST)
    return {
        "ideas": ideas,
        "older_ideas": left,
        "older_than": ideas[-1].pk if ideas else None,
        "idea_text_max": IDEA_TEXT_MAX,
        "idea_title_max": IDEA_TITLE_MAX,
    }


@stage_context(Phase.IDEAS, Phase.CLUSTERING)
def open_space(workshop: Workshop, audience: str) -> dict[str, Any]:
    if not workshop.use_spaces:
        return {}
    return spaces_context(workshop, audience)


@stage_context(Phase.LOBBY, Phase.KNOWLEDGE)
def open_space_setup(workshop: Workshop, audience: str) -> dict[str, Any]:
    """The facilitator sets up places and times before the idea phase."""
    if audience != "facilitator":
        return {}
    return agenda(workshop, [])
