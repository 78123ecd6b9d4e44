"""Websocket verbs for themes and clustering. Thin: read fields, call the action."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ideas.actions import suggestions, themes
from realtime.protocol import Frame, ProtocolError
from realtime.verbs import handles, int_field, optional_int_field, text_field
from workshops.actions.base import Actor
from workshops.models import Workshop


def optional_int(frame: Frame, name: str) -> int | None:
    """Theme ids, where "unsorted" (the column without a theme) means none."""
    return optional_int_field(frame, name, empty=("", "unsorted"))


@handles("theme.manage")
def manage(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    themes.do_manage_theme(
        actor=actor,
        workshop=workshop,
        op=text_field(frame, "op"),
        theme_id=optional_int(frame, "theme_id"),
        name=text_field(frame, "name"),
        into_id=optional_int(frame, "into_id"),
        direction=text_field(frame, "direction"),
        position=optional_int(frame, "position"),
    )
    return ""


@handles("idea.move")
def move(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    themes.do_move_idea(
        actor=actor,
        workshop=workshop,
        idea_id=int_field(frame, "idea_id"),
        theme_id=optional_int(frame, "theme_id"),
        position=optional_int(frame, "position"),
        theme_name=text_field(frame, "theme_name"),
    )
    return ""


@handles("idea.suggest_theme")
def suggest_theme(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    themes.do_suggest_idea_theme(
        actor=actor,
        workshop=workshop,
        idea_id=int_field(frame, "idea_id"),
        name=text_field(frame, "name"),
    )
    return ""


@handles("theme.suggest")
def suggest_groups(actor: Actor, workshop: Workshop, frame: Frame) -> str:
    """`op`: run (the default), accept, ignore or undo."""
    op = text_field(frame, "op") or "run"
    if op == "run":
        suggestions.do_suggest_groups(actor=actor, workshop=workshop)
    elif op == "accept":
        suggestions.do_accept_suggestion(
            actor=actor,
            workshop=workshop,
            suggestion_seq=int_field(frame, "suggestion_seq"),
            key=text_field(frame, "key"),
        )
    elif op == "ignore":
        suggestions.do_ignore_suggestion(
            actor=actor,
            workshop=workshop,
            suggestion_seq=int_field(frame, "suggestion_seq"),
            key=text_field(frame, "key"),
        )
    elif op == "undo":
        suggestions.do_undo_suggestion(
            actor=actor, workshop=workshop, accepted_seq=int_field(frame, "accepted_seq")
        )
    else:
        raise ProtocolError(_("Unknown action."))
    return ""
