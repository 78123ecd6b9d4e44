"""Websocket verbs for refinement. Thin: read fields, call the action."""

from __future__ import annotations

from ideas.actions import initiatives
from ideas.fragments.refinement import field_form_html
from realtime.protocol import Frame
from realtime.verbs import handles, int_field, text_field
from workshops.actions.base import Actor
from workshops.models import Workshop


def ticked_ids(frame: Frame, prefix: str) -> list[int]:
    """Ids of ticked checkboxes named `<prefix><id>` (one name per box, so a form's fields
    stay a flat mapping over the websocket and over HTTP alike)."""
    return [
        int(name[len(prefix) :])
        for name, value in frame.fields.items()
        if name.startswith(prefix) and name[len(prefix) :].isdigit() and value
    ]


def audience_of(actor: Actor) -> str:
    return "facilitator" if actor.is_facilitator else "participant"


@handles("initiative.promote")
def promote(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    theme = text_field(frame, "theme_id").strip()
    initiatives.do_promote(
        actor=actor,
        workshop=workshop,
        idea_ids=ticked_ids(frame, "idea-"),
        theme_id=int(theme) if theme.isdigit() else None,
        title=text_field(frame, "title"),
    )
    return ""


@handles("initiative.join")
def join(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    initiatives.do_join_initiative(
        actor=actor, workshop=workshop, initiative_id=int_field(frame, "initiative_id")
    )
    return ""


@handles("initiative.edit")
def edit(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    """Save one field. The editor gets back a fresh form (new version); a stale edit is
    refused with the editor's text kept next to the current one, for that editor only."""
    field = text_field(frame, "field")
    if field == "actors":
        value = ",".join(str(pk) for pk in ticked_ids(frame, "org-"))
    else:
        value = text_field(frame, "value")
    try:
        initiative, _changed = initiatives.do_edit_initiative(
            actor=actor,
            workshop=workshop,
            initiative_id=int_field(frame, "initiative_id"),
            field=field,
            value=value,
            version=int_field(frame, "version"),
        )
    except initiatives.StaleEdit as stale:
        stale.sender_html = field_form_html(
            stale.initiative,
            workshop,
            audience_of(actor),
            field,
            stale_message=stale.message,
            submitted=value,
        )
        raise
    return field_form_html(initiative, workshop, audience_of(actor), field)


@handles("initiative.comment")
def comment(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    initiatives.do_comment_initiative(
        actor=actor,
        workshop=workshop,
        initiative_id=int_field(frame, "initiative_id"),
        text=text_field(frame, "text"),
        client_key=frame.client_key,
    )
    return ""
