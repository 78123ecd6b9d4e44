"""How voting events show on each screen. Before the reveal no fragment carries a total:
the shared parts say only how many have voted, and each phone gets its own dots alone."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from ideas import selectors_voting as voting
from realtime.fragments import personal_state, renders, renders_counter, renders_personal
from realtime.models import WorkshopEvent
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import screen_context


def my_votes_html(dots: voting.MyDots) -> str:
    """One participant's dots left and dots per item. Numbers only, so one render fits every
    language."""
    return render_to_string("voting/_my_votes.html", {"left": dots.left, "mine": dots.by_dom_id()})


def status_context(workshop: Workshop) -> dict[str, Any]:
    """Just what the "X of Y have voted" line shows: three small reads, not the stage."""
    voting_round = voting.latest_round(workshop)
    if voting_round is None:
        return {"voting_round": None}
    return {
        "voting_round": voting_round,
        "round_open": voting_round.closed_at is None,
        "voters": voting.voters_count(voting_round),
        "eligible": voting.eligible_count(workshop),
    }


@renders("voting.opened", "voting.updated", "voting.closed", "voting.revealed")
def stage(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """A round opened, changed, closed or revealed: the voting stage as it is now."""
    if workshop.phase != Phase.VOTING:
        return ""
    return render_to_string("stages/voting.html", screen_context(workshop, audience))


@renders_counter("voting", "vote.cast", "vote.retracted")
def status(
    workshop: Workshop, audience: str, participant_ids: frozenset[int], memo: dict[str, Any]
) -> str:
    """Dots moved: every screen learns how many have voted, never what for. A counter, so a
    burst of dots costs a few of these a second, whatever the number of dots."""
    if workshop.phase != Phase.VOTING:
        return ""
    if "status" not in memo:
        memo["status"] = status_context(workshop)
    return render_to_string("voting/_status.html", memo["status"])


@renders_personal("vote.cast", "vote.retracted")
def my_votes(event: WorkshopEvent, workshop: Workshop) -> dict[int, str]:
    """The voter's own dots on their other screens, from the event (no database read)."""
    payload = event.payload
    participant_id = payload.get("participant_id")
    if participant_id is None or "mine" not in payload:
        return {}
    return {participant_id: my_votes_html(voting.MyDots.from_payload(payload))}


@personal_state
def voting_personal_state(workshop: Workshop, participant_id: int | None) -> dict[int, str]:
    """On a full screen (connect, phase change): each voter's own dots in the open round.
    Those who have not voted see the shared render's full budget, which is right for them."""
    if workshop.phase != Phase.VOTING:
        return {}
    voting_round = voting.open_round(workshop)
    if voting_round is None:
        return {}
    if participant_id is not None:
        ids = [participant_id]
    else:
        ids = voting_round.votes.values_list("participant_id", flat=True).distinct()
    return {pid: my_votes_html(voting.my_dots(voting_round, pid)) for pid in ids}
