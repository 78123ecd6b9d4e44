"""How voting events show on each screen. Before the reveal no fragment carries a total:
the shared parts say only how many have voted, and each phone gets its own dots alone."""

from __future__ import annotations

from django.template.loader import render_to_string

from ideas import selectors_voting as voting
from ideas.models import VotingRound
from ideas.screens.voting import voting_stage
from realtime.fragments import personal_state, renders, renders_personal
from realtime.models import WorkshopEvent
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import base_context, screen_context


def my_votes_html(
    voting_round: VotingRound, participant_id: int, also_item: int | None = None
) -> str:
    """One participant's dots left and dots per item (plus `also_item`, even at zero).
    Numbers only, so one render fits every language."""
    mine = voting.my_dots(voting_round, participant_id)
    if also_item is not None:
        mine.setdefault(f"my-dots-{voting.item_kind(voting_round)}-{also_item}", 0)
    left = max(0, voting_round.budget - sum(mine.values()))
    return render_to_string("voting/_my_votes.html", {"left": left, "mine": sorted(mine.items())})


def status_html(workshop: Workshop, audience: str) -> str:
    context = {**base_context(workshop, audience), **voting_stage(workshop, audience)}
    return render_to_string("voting/_status.html", context)


@renders("voting.opened", "voting.updated", "voting.closed", "voting.revealed")
def stage(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """A round opened, changed, closed or revealed: the voting stage as it is now."""
    if workshop.phase != Phase.VOTING:
        return ""
    return render_to_string("stages/voting.html", screen_context(workshop, audience))


@renders("vote.cast", "vote.retracted")
def status(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """A dot moved: every screen learns how many have voted, never what for."""
    if workshop.phase != Phase.VOTING:
        return ""
    return status_html(workshop, audience)


@renders_personal("vote.cast", "vote.retracted")
def my_votes(event: WorkshopEvent, workshop: Workshop) -> dict[int, str]:
    voting_round = VotingRound.objects.filter(pk=event.payload.get("round_id")).first()
    participant_id = event.payload.get("participant_id")
    if voting_round is None or participant_id is None:
        return {}
    return {
        participant_id: my_votes_html(
            voting_round, participant_id, also_item=event.payload.get("item_id")
        )
    }


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
    return {pid: my_votes_html(voting_round, pid) for pid in ids}
