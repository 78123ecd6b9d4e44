"""Websocket verbs for workshop actions. Thin: read fields, call the action."""

from __future__ import annotations

from realtime.protocol import Frame
from realtime.verbs import bool_field, handles, int_field, text_field
from workshops.actions import cards, participants, phase
from workshops.actions.base import Actor
from workshops.models import Workshop


@handles("card.add_existing")
def add_existing_activity(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    cards.do_add_existing_activity(
        actor=actor,
        workshop=workshop,
        title=text_field(frame, "title"),
        body=text_field(frame, "body"),
        client_key=frame.client_key,
    )
    return ""


@handles("card.create")
def create_card(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    cards.do_create_card(
        actor=actor,
        workshop=workshop,
        kind=text_field(frame, "kind"),
        title=text_field(frame, "title"),
        body=text_field(frame, "body"),
    )
    return ""


@handles("card.hide", "card.unhide")
def hide_card(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    cards.do_set_card_hidden(
        actor=actor,
        workshop=workshop,
        card_id=int_field(frame, "card_id"),
        hidden=frame.verb == "card.hide",
    )
    return ""


@handles("phase.change")
def change_phase(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    phase.do_change_phase(
        actor=actor,
        workshop=workshop,
        target=text_field(frame, "phase"),
        confirmed=bool_field(frame, "confirmed"),
    )
    return ""


@handles("timer.start", "timer.extend", "timer.stop")
def set_timer(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    if frame.verb == "timer.stop":
        phase.do_stop_timer(actor=actor, workshop=workshop)
    else:
        seconds = int_field(frame, "minutes") * 60
        action = phase.do_start_timer if frame.verb == "timer.start" else phase.do_extend_timer
        action(actor=actor, workshop=workshop, seconds=seconds)
    return ""


@handles("participant.remove")
def remove_participant(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    participants.do_remove_participant(
        actor=actor, workshop=workshop, participant_id=int_field(frame, "participant_id")
    )
    return ""


@handles("participant.readmit")
def readmit_participant(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    participants.do_readmit_participant(
        actor=actor, workshop=workshop, participant_id=int_field(frame, "participant_id")
    )
    return ""
