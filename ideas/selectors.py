"""Reads for idea screens.

A screen shows the first page of a long list and a "show more" control that loads the next
page over plain HTTP (ideas/pages.py): a whole screen is one websocket message, and a message
must stay far below what a server sends (Daphne refuses anything over 1 MiB), however many
ideas a workshop collects.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ideas.models import Idea
from workshops.models import Workshop

# The idea wall (phones, console, projector) shows the newest ideas: what people look for
# while they are posting. Older ones come a page at a time.
WALL_FIRST = 100
WALL_PAGE = 100


def wall_ideas(workshop: Workshop, *, include_hidden: bool) -> QuerySet[Idea]:
    ideas = Idea.objects.filter(workshop=workshop).select_related("author", "space", "theme")
    return ideas if include_hidden else ideas.filter(hidden=False)


def older_than(ideas: QuerySet[Idea], workshop: Workshop, before: int) -> QuerySet[Idea]:
    """The ideas after `before` in newest-first order (by when they were posted, then id)."""
    anchor = (
        Idea.objects.filter(workshop=workshop, pk=before)
        .values_list("created_at", flat=True)
        .first()
    )
    if anchor is None:  # deleted meanwhile: ids grow with time, near enough
        return ideas.filter(pk__lt=before)
    return ideas.filter(Q(created_at__lt=anchor) | Q(created_at=anchor, pk__lt=before))


def wall_page(
    workshop: Workshop, *, include_hidden: bool, before: int | None = None, size: int = WALL_FIRST
) -> tuple[list[Idea], int]:
    """The newest `size` ideas (older than idea `before`, if given) and how many older ones
    are left."""
    ideas = wall_ideas(workshop, include_hidden=include_hidden)
    if before is not None:
        ideas = older_than(ideas, workshop, before)
    ideas = ideas.order_by("-created_at", "-pk")
    page = list(ideas[:size])
    left = ideas.count() - len(page) if len(page) == size else 0
    return page, left
