"""Websocket verbs for Open Space spaces. Thin: read fields, call the action."""

from __future__ import annotations

from django.utils.translation import gettext as _

from realtime.protocol import Frame, ProtocolError
from realtime.verbs import handles, int_field, optional_int_field, text_field
from workshops.actions import spaces
from workshops.actions.base import Actor
from workshops.models import Workshop


def cell_fields(frame: Frame) -> tuple[int | None, int | None]:
    """A cell of the agenda wall: `cell` as "location:slot" (one select), or the two ids."""
    cell = text_field(frame, "cell").strip()
    if cell:
        location, _sep, slot = cell.partition(":")
        try:
            return int(location), int(slot)
        except ValueError:
            raise ProtocolError(
                _("The message is missing “%(field)s”.") % {"field": "cell"}
            ) from None
    return optional_int_field(frame, "location_id"), optional_int_field(frame, "slot_id")


@handles("space.configure")
def configure(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    spaces.do_configure_spaces(
        actor=actor,
        workshop=workshop,
        op=text_field(frame, "op"),
        name=text_field(frame, "name"),
        location_id=optional_int_field(frame, "location_id"),
        slot_id=optional_int_field(frame, "slot_id"),
    )
    return ""


@handles("space.propose")
def propose(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    spaces.do_propose_space(
        actor=actor,
        workshop=workshop,
        topic=text_field(frame, "topic"),
        client_key=frame.client_key,
    )
    return ""


@handles("space.place")
def place(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    location_id, slot_id = cell_fields(frame)
    spaces.do_place_space(
        actor=actor,
        workshop=workshop,
        space_id=int_field(frame, "space_id"),
        location_id=location_id,
        slot_id=slot_id,
    )
    return ""


@handles("space.arrange")
def arrange(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    location_id, slot_id = cell_fields(frame)
    spaces.do_arrange_spaces(
        actor=actor,
        workshop=workshop,
        op=text_field(frame, "op"),
        space_id=int_field(frame, "space_id"),
        location_id=location_id,
        slot_id=slot_id,
        into_id=optional_int_field(frame, "into_id"),
    )
    return ""


@handles("space.join")
def join(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    spaces.do_join_space(actor=actor, workshop=workshop, space_id=int_field(frame, "space_id"))
    return ""


@handles("space.leave")
def leave(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    spaces.do_leave_space(actor=actor, workshop=workshop)
    return ""


@handles("space.report")
def report(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    spaces.do_report_space(
        actor=actor,
        workshop=workshop,
        space_id=int_field(frame, "space_id"),
        key_points=text_field(frame, "key_points"),
        who=text_field(frame, "who"),
        next_step=text_field(frame, "next_step"),
    )
    return ""
