"""What the voting phase's stage needs."""

from __future__ import annotations

from typing import Any

from ideas import selectors_voting as voting
from ideas.actions.votes import VOTE_BUDGET_MAX
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import stage_context

PROJECTOR_RESULTS = 10


@stage_context(Phase.VOTING)
def voting_stage(workshop: Workshop, audience: str) -> dict[str, Any]:
    """The newest round, what it is about, how many have voted, and results once revealed.
    Totals are only read through `revealed_results`, which is empty before the reveal."""
    voting_round = voting.latest_round(workshop)
    context: dict[str, Any] = {
        "voting_round": voting_round,
        "vote_budget_max": VOTE_BUDGET_MAX,
        "has_themes": voting.votable_themes(workshop).exists(),
    }
    if voting_round is None:
        return context
    is_open = voting_round.closed_at is None
    voters = voting.voters_count(voting_round)
    items, items_left = voting.voting_items(voting_round) if is_open else ([], 0)
    results = voting.revealed_results(voting_round)
    if audience == "projector":
        # A room reads ten bars at most; ideas nobody chose are not a result.
        results = [row for row in results if row.dots > 0][:PROJECTOR_RESULTS]
    shown_results = results[: voting.RESULTS_FIRST]
    context.update(
        {
            "round_open": is_open,
            # The first ideas to vote on and the top of the results; the rest a page at a
            # time (ideas/pages.py).
            "items": items,
            "items_left": items_left,
            "items_after": items[-1].pk if items else None,
            "voters": voters,
            "eligible": voting.eligible_count(workshop),
            "results": shown_results,
            "results_left": len(results) - len(shown_results),
            "settings_locked": voters > 0,
        }
    )
    return context
