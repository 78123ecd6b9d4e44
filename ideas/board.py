"""Reads for the clustering board: its columns, and the state of the suggested groups (kept in
the event log, which is also what lets an accepted suggestion be undone)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ideas.models import Idea, Theme
from realtime.models import WorkshopEvent
from workshops.models import Workshop

SUGGESTED = "theme.suggested"
ACCEPTED = "theme.suggestion_accepted"
IGNORED = "theme.suggestion_ignored"
UNDONE = "theme.suggestion_undone"


# A fresh board shows at most this many cards, the unsorted column at most half of them: the
# facilitator sorts from the top of each column, and the rest come a page at a time.
BOARD_CARDS = 200
BOARD_PAGE = 50
# Each of the facilitator's cards lists every theme in its "Move to" menu, so a card costs
# more the more themes there are: up to about 2 kB for a long idea, plus some 75 bytes a
# theme. A fresh board keeps its cards to about this many bytes (a websocket message carries
# the whole screen) by showing fewer of them. (The themes' own menus grow with the square of
# the number of themes, whatever the number of ideas: some 250 kB at 60 themes.)
BOARD_BYTES = 385_000
CARD_BYTES = 2000
CARD_BYTES_PER_THEME = 75
# A suggested group names its first few ideas and says how many more it has.
SUGGESTION_IDEAS_SHOWN = 8
# A column in board order: where the facilitator put each idea; ideas never moved (all at
# position 0, e.g. every unsorted idea at first) newest first, as on the wall, so an idea
# posted late shows at the top. Moves count positions in this same order.
BOARD_ORDER = ("position", "-created_at", "-pk")


def column_limit(theme: Theme | None, theme_count: int) -> int:
    """How many cards a column shows on a fresh board: the same for every audience, and
    depending only on the number of themes, so that redrawing one column (a move) draws it
    as a fresh board would. With many themes a themed column may show none at first, only
    how many it has and a link to them."""
    cards = min(BOARD_CARDS, BOARD_BYTES // (CARD_BYTES + CARD_BYTES_PER_THEME * theme_count))
    unsorted = cards // 2
    if theme is None:
        return unsorted
    return (cards - unsorted) // max(1, theme_count)


@dataclass
class Column:
    """One column of the board: a theme, or the unsorted ideas (theme None). `ideas` is its
    first page; `count` is how many ideas it has that everyone sees, `left` how many more
    this screen could load."""

    theme: Theme | None
    ideas: list[Idea] = field(default_factory=list)
    count: int = 0
    left: int = 0

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
    def shown(self) -> int:
        return len(self.ideas)


def _ideas(workshop: Workshop, include_hidden: bool):
    ideas = Idea.objects.filter(workshop=workshop).select_related("author", "space")
    if not include_hidden:
        ideas = ideas.filter(hidden=False)
    return ideas.order_by(*BOARD_ORDER)


def _column(
    workshop: Workshop,
    theme: Theme | None,
    *,
    include_hidden: bool,
    limit: int,
    offset: int = 0,
    counts: dict[int | None, tuple[int, int]] | None = None,
) -> Column:
    """A column's ideas from `offset` (in board order), at most `limit` of them."""
    ideas = _ideas(workshop, include_hidden).filter(theme=theme)
    page = list(ideas[offset : offset + limit])
    if counts is None:
        counts = _counts(workshop, column_of=(theme,))
    total, visible = counts.get(theme.pk if theme else None, (0, 0))
    in_list = total if include_hidden else visible
    return Column(theme, page, count=visible, left=max(0, in_list - offset - len(page)))


def _counts(
    workshop: Workshop, *, column_of: tuple[Theme | None] = ()
) -> dict[int | None, tuple[int, int]]:
    """(all, not hidden) ideas per theme id (None: unsorted), in one query: every column's,
    or only the column `(theme,)` of `column_of`."""
    ideas = Idea.objects.filter(workshop=workshop)
    if column_of:
        ideas = ideas.filter(theme=column_of[0])
    rows = ideas.values("theme_id").annotate(
        total=Count("pk"), visible=Count("pk", filter=Q(hidden=False))
    )
    return {row["theme_id"]: (row["total"], row["visible"]) for row in rows}


def board_columns(workshop: Workshop, *, include_hidden: bool) -> list[Column]:
    """Unsorted first, then the themes in the facilitator's order; each its first cards."""
    themes = list(Theme.objects.filter(workshop=workshop))
    counts = _counts(workshop)
    return [
        _column(
            workshop,
            theme,
            include_hidden=include_hidden,
            limit=column_limit(theme, len(themes)),
            counts=counts,
        )
        for theme in [None, *themes]
    ]


def board_column(
    workshop: Workshop, theme_id: int | None, *, include_hidden: bool
) -> Column | None:
    """One column as a fresh board shows it now, or None if its theme is gone."""
    theme = Theme.objects.filter(workshop=workshop, pk=theme_id).first() if theme_id else None
    if theme_id and theme is None:
        return None
    limit = column_limit(theme, Theme.objects.filter(workshop=workshop).count())
    return _column(workshop, theme, include_hidden=include_hidden, limit=limit)


def column_page(
    workshop: Workshop, key: str, *, include_hidden: bool, offset: int
) -> Column | None:
    """The next page of a column (`key`: a theme id or "unsorted") after its first `offset`
    cards, or None if there is no such column."""
    if key == "unsorted":
        theme = None
    elif key.isdigit():
        theme = Theme.objects.filter(workshop=workshop, pk=int(key)).first()
        if theme is None:
            return None
    else:
        return None
    return _column(workshop, theme, include_hidden=include_hidden, limit=BOARD_PAGE, offset=offset)


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
    visible = set(
        Idea.objects.filter(
            workshop=workshop, pk__in={i for s in suggestions for i in s["idea_ids"]}, hidden=False
        ).values_list("pk", flat=True)
    )
    for item in suggestions:
        ids = [i for i in item["idea_ids"] if i in visible]
        item["idea_count"], item["shown_ids"] = len(ids), ids[:SUGGESTION_IDEAS_SHOWN]
        item["more_ideas"] = len(ids) - len(item["shown_ids"])
    shown = Idea.objects.filter(pk__in={i for s in suggestions for i in s["shown_ids"]})
    by_id = {idea.pk: idea for idea in shown.only("pk", "title", "text")}
    for item in suggestions:
        item["ideas"] = [by_id[i] for i in item["shown_ids"] if i in by_id]
    return {
        "suggestion_run": run,
        "open_suggestions": [s for s in suggestions if s["state"] == "pending" and s["idea_count"]],
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
