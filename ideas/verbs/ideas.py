"""Websocket verbs for ideas. Thin: read fields, call the action."""

from __future__ import annotations

from ideas.actions import ideas
from realtime.protocol import Frame
from realtime.verbs import handles, int_field, text_field
from workshops.actions.base import Actor
from workshops.models import Workshop


@handles("idea.submit")
def submit_idea(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    ideas.do_submit_idea(
        actor=actor,
        workshop=workshop,
        title=text_field(frame, "title"),
        text=text_field(frame, "text"),
        client_key=frame.client_key,
    )
    return ""


@handles("idea.edit")
def edit_idea(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    ideas.do_edit_idea(
        actor=actor,
        workshop=workshop,
        idea_id=int_field(frame, "idea_id"),
        title=text_field(frame, "title"),
        text=text_field(frame, "text"),
    )
    return ""


@handles("idea.delete")
def delete_idea(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    ideas.do_delete_idea(actor=actor, workshop=workshop, idea_id=int_field(frame, "idea_id"))
    return ""


@handles("idea.hide", "idea.unhide")
def hide_idea(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    ideas.do_set_idea_hidden(
        actor=actor,
        workshop=workshop,
        idea_id=int_field(frame, "idea_id"),
        hidden=frame.verb == "idea.hide",
    )
    return ""
