"""What the refinement and closed phases' stages need."""

from __future__ import annotations

from typing import Any

from ideas import selectors_refinement as refinement
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import stage_context


def promote_context(workshop: Workshop) -> dict[str, Any]:
    return {
        "candidates": refinement.promotion_candidates(workshop),
        "themes": list(refinement.promotable_themes(workshop)),
    }


@stage_context(Phase.REFINEMENT)
def refinement_stage(workshop: Workshop, audience: str) -> dict[str, Any]:
    """Every initiative with its fields; the facilitator also gets what can be promoted."""
    context: dict[str, Any] = {
        "cards": [
            {"initiative": initiative, "fields": refinement.field_states(initiative)}
            for initiative in refinement.initiatives_for(workshop)
        ],
        "goals": refinement.strategic_goals(),
        "organisations": refinement.organisations(),
    }
    if audience == "facilitator":
        context.update(promote_context(workshop))
    return context


@stage_context(Phase.CLOSED)
def closed_stage(workshop: Workshop, audience: str) -> dict[str, Any]:
    """The thank-you, the initiatives that came out of the day, and the published catalogue."""
    catalogue = refinement.published_catalogue(workshop)
    return {
        "initiatives": list(refinement.initiatives_for(workshop)),
        "catalogue_path": f"/c/{catalogue.token}/" if catalogue else "",
    }
