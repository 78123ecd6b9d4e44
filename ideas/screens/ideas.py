"""What the idea phase's stage needs."""

from __future__ import annotations

from typing import Any

from ideas.models import IDEA_TEXT_MAX, IDEA_TITLE_MAX
from ideas.selectors import wall_ideas
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import stage_context


@stage_context(Phase.IDEAS)
def idea_wall(workshop: Workshop, audience: str) -> dict[str, Any]:
    ideas = wall_ideas(workshop, include_hidden=audience == "facilitator").order_by(
        "-created_at", "-pk"
    )
    return {
        "ideas": list(ideas),
        "idea_text_max": IDEA_TEXT_MAX,
        "idea_title_max": IDEA_TITLE_MAX,
    }
