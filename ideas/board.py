"""Reads for the clustering board: its columns, and the state of the suggested groups (kept in
the event log, which is also what lets an accepted suggestion be undone)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ideas.models import Idea, Theme
from realtime.models import WorkshopEvent
from workshops.models import Workshop

SUGGESTED = "theme.suggested"
ACCEPTED = "theme.suggestion_accepted"
IGNORED = "theme.suggestion_ignored"
UNDONE = "theme.suggestion_undone"


@dataclass
class Column:
    """One column of the board: a theme, or the unsorted ideas (theme None)."""

    theme: Theme | None
    ideas: list[Idea] = field(default_factory=list)

    @property
    def key(self) -> str:
        return str(self.theme.pk) if self.theme else "unsorted"

    @property
    def dom_id(self) -> str:
        return f"column-{self.key}"

    @property
    def name(self) -> str:
        return self.theme.name if self.theme else _("Unsorted")

    @property
    def count(self) -> int:
        return sum(1 for idea in self.ideas if not idea.hidden)


def _ideas(workshop: Workshop, include_hidden: bool):
    ideas = Idea.objects.filter(workshop=workshop).select_related("author", "space")
    if not include_hidden:
        ideas = ideas.filter(hidden=False)
    return ideas.order_by("position", "created_at", "pk")


def board_columns(workshop: Workshop, *, include_hidden: bool) -> list[Column]:
    """Unsorted first, then the themes in the facilitator's order."""
    themes = list(Theme.objects.filter(workshop=workshop))
    columns = {None: Column(None)} | {theme.pk: Column(theme) for theme in themes}
    for idea in _ideas(workshop, include_hidden):
        columns.get(idea.theme_id, columns[None]).ideas.append(idea)
    return list(columns.values())


def board_column(
    workshop: Workshop, theme_id: int | None, *, include_hidden: bool
) -> Column | None:
    """One column as it is now, or None if its theme is gone."""
    theme = Theme.objects.filter(workshop=workshop, pk=theme_id).first() if theme_id else None
    if theme_id and theme is None:
        return None
    return Column(theme, list(_ideas(workshop, include_hidden).filter(theme=theme)))


def latest_suggestions(workshop: Workshop) -> tuple[WorkshopEvent | None, list[dict[str, Any]]]:
    """The last run of "suggest groups" and each suggestion's state: `pending`, `accepted`
    (with `accepted_seq` and `theme_id`, so it can be undone) or `ignored`."""
    run = WorkshopEvent.objects.filter(workshop=workshop, kind=SUGGESTED).order_by("-seq").first()
    if run is None:
        return None, []
    suggestions = {item["key"]: {**item, "state": "pending"} for item in run.payload["suggestions"]}
    decisions = WorkshopEvent.objects.filter(
        workshop=workshop, seq__gt=run.seq, kind__in=(ACCEPTED, IGNORED, UNDONE)
    ).order_by("seq")
    for decision in decisions:
        item = suggestions.get(decision.payload.get("key"))
        if item is None or decision.payload.get("suggestion_seq") != run.seq:
            continue
        if decision.kind == ACCEPTED:
            item.update(
                state="accepted", accepted_seq=decision.seq, theme_id=decision.payload["theme_id"]
            )
        elif decision.kind == IGNORED:
            item["state"] = "ignored"
        else:
            item["state"] = "pending"
    return run, list(suggestions.values())


def suggestions_context(workshop: Workshop) -> dict[str, Any]:
    """The suggestions panel: open suggestions with their ideas, and accepted ones to undo."""
    run, suggestions = latest_suggestions(workshop)
    ideas = Idea.objects.filter(
        workshop=workshop, pk__in={i for s in suggestions for i in s["idea_ids"]}, hidden=False
    )
    by_id = {idea.pk: idea for idea in ideas}
    for item in suggestions:
        item["ideas"] = [by_id[i] for i in item["idea_ids"] if i in by_id]
    return {
        "suggestion_run": run,
        "open_suggestions": [s for s in suggestions if s["state"] == "pending" and s["ideas"]],
        "accepted_suggestions": [s for s in suggestions if s["state"] == "accepted"],
    }


def board_context(workshop: Workshop, audience: str) -> dict[str, Any]:
    columns = board_columns(workshop, include_hidden=audience == "facilitator")
    context: dict[str, Any] = {
        "columns": columns,
        "themes": [column.theme for column in columns if column.theme],
    }
    if audience == "facilitator":
        context.update(suggestions_context(workshop))
    return context
