"""Websocket verbs for voting. Thin: read fields, call the action."""

from __future__ import annotations

from ideas.actions import votes
from ideas.fragments.voting import my_votes_html
from realtime.protocol import Frame, ProtocolError
from realtime.verbs import (
    Outcome,
    handles,
    handles_together,
    int_field,
    optional_int_field,
    text_field,
)
from workshops.actions.base import ActionError, Actor
from workshops.models import Workshop


@handles("voting.open")
def open_voting(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    votes.do_open_voting(
        actor=actor,
        workshop=workshop,
        target=text_field(frame, "target") or "ideas",
        budget=optional_int_field(frame, "budget"),
        max_per_item=optional_int_field(frame, "max_per_item"),
    )
    return ""


@handles("voting.close")
def close_voting(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    votes.do_close_voting(actor=actor, workshop=workshop)
    return ""


@handles("voting.reveal")
def reveal_voting(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    votes.do_reveal_voting(actor=actor, workshop=workshop)
    return ""


@handles_together("vote.cast", "vote.retract")
def move_dots(workshop: Workshop, requests: list[tuple[Actor, Frame]]) -> list[Outcome]:
    """Dots on or off items, many voters' at once; each sender gets its own dots back at once
    (its other phones get them through the personal channel)."""
    outcomes: list[Outcome] = [""] * len(requests)
    moves: list[tuple[int, votes.DotMove]] = []
    for index, (actor, frame) in enumerate(requests):
        try:
            item_id = int_field(frame, "item_id")
        except ProtocolError as refused:
            outcomes[index] = refused
            continue
        take_back = frame.verb == "vote.retract"
        moves.append((index, votes.DotMove(actor, item_id, frame.client_key, take_back)))
    done = votes.do_move_dots(workshop=workshop, moves=[move for _index, move in moves])
    for (index, _move), outcome in zip(moves, done, strict=True):
        outcomes[index] = outcome if isinstance(outcome, ActionError) else my_votes_html(outcome)
    return outcomes
