"""How clustering events show on each screen.

Changes to the set or order of themes replace the whole board; moving an idea replaces the two
columns it left and entered (their order and counts come with them); a participant's theme
suggestion replaces that one card. All render the current state, so replays converge.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from ideas.board import ACCEPTED, IGNORED, SUGGESTED, UNDONE, board_column, board_context
from ideas.models import Idea, Theme
from realtime import protocol
from realtime.fragments import FACILITATOR, renders
from realtime.models import WorkshopEvent
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import base_context


def _on_board(workshop: Workshop) -> bool:
    return workshop.phase == Phase.CLUSTERING


@renders("board.changed", ACCEPTED, UNDONE)
def whole_board(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    if not _on_board(workshop):
        return ""
    context = {**base_context(workshop, audience), **board_context(workshop, audience)}
    parts = [render_to_string("ideas/_board.html", context)]
    if audience == FACILITATOR:
        parts.append(render_to_string("ideas/_suggestions.html", context))
    return protocol.join(*parts)


def board_after_idea_event(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """An idea posted late (draft grace), hidden or shown while the board is up."""
    return whole_board(event, workshop, audience)


def _card_context(workshop: Workshop, audience: str) -> dict[str, Any]:
    return {
        **base_context(workshop, audience),
        "themes": list(Theme.objects.filter(workshop=workshop)),
    }


@renders("idea.moved")
def moved(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    if not _on_board(workshop):
        return ""
    context = _card_context(workshop, audience)
    parts = []
    theme_ids = dict.fromkeys(
        [event.payload.get("from_theme_id"), event.payload.get("to_theme_id")]
    )
    for theme_id in theme_ids:
        column = board_column(workshop, theme_id, include_hidden=audience == FACILITATOR)
        if column is not None:
            parts.append(render_to_string("ideas/_column.html", {**context, "column": column}))
    return protocol.join(*parts)


@renders("idea.theme_suggested")
def suggested_by_author(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    if not _on_board(workshop):
        return ""
    idea = (
        Idea.objects.select_related("author", "space")
        .filter(workshop=workshop, pk=event.payload.get("idea_id"))
        .first()
    )
    if idea is None or (idea.hidden and audience != FACILITATOR):
        return protocol.remove(f"board-idea-{event.payload.get('idea_id')}")
    # Replaced where a screen shows it; a card past a column's first page stays unloaded.
    return render_to_string(
        "ideas/_board_idea.html", {**_card_context(workshop, audience), "idea": idea}
    )


@renders(SUGGESTED, IGNORED)
def suggestions(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    if audience != FACILITATOR or not _on_board(workshop):
        return ""
    context = {**base_context(workshop, audience), **board_context(workshop, audience)}
    return render_to_string("ideas/_suggestions.html", context)
