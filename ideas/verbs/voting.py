"""Websocket verbs for voting. Thin: read fields, call the action."""

from __future__ import annotations

from ideas.actions import votes
from ideas.fragments.voting import my_votes_html
from realtime.protocol import Frame
from realtime.verbs import handles, int_field, optional_int_field, text_field
from workshops.actions.base import Actor
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


@handles("vote.cast", "vote.retract", reads_own_rows=True)
def move_dot(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    """One dot on or off an item; the sender gets its own dots back at once (its other
    phones get them through the personal channel)."""
    action = votes.do_cast_vote if frame.verb == "vote.cast" else votes.do_retract_vote
    item_id = int_field(frame, "item_id")
    dots = action(actor=actor, workshop=workshop, item_id=item_id, client_key=frame.client_key)
    return my_votes_html(dots)
