"""What the clustering phase's stage needs: the board (and, for the facilitator, the
suggested groups). Open Space reports come from the idea phase's builder."""

from __future__ import annotations

from typing import Any

from ideas.board import board_context
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import stage_context


@stage_context(Phase.CLUSTERING)
def board(workshop: Workshop, audience: str) -> dict[str, Any]:
    return board_context(workshop, audience)
