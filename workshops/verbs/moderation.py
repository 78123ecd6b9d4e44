"""Websocket verbs for the facilitator's pause and staff erasure. Thin: read fields, call the
action."""

from __future__ import annotations

from realtime.protocol import Frame
from realtime.verbs import handles, int_field
from workshops.actions import pause, privacy
from workshops.actions.base import Actor
from workshops.models import Workshop


@handles("submissions.pause", "submissions.resume")
def set_paused(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    pause.do_set_submissions_paused(
        actor=actor, workshop=workshop, paused=frame.verb == "submissions.pause"
    )
    return ""


@handles("participant.erase")
def erase(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    privacy.do_erase_participant(
        actor=actor, workshop=workshop, participant_id=int_field(frame, "participant_id")
    )
    return ""


@handles("privacy.forget_name")
def forget_name(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    privacy.do_forget_my_name(actor=actor, workshop=workshop)
    return ""


@handles("privacy.delete_contributions")
def delete_contributions(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    privacy.do_delete_my_contributions(actor=actor, workshop=workshop)
    return ""
