"""Reads for idea screens."""

from __future__ import annotations

from django.db.models import QuerySet

from ideas.models import Idea
from workshops.models import Workshop


def wall_ideas(workshop: Workshop, *, include_hidden: bool) -> QuerySet[Idea]:
    ideas = Idea.objects.filter(workshop=workshop).select_related("author", "space", "theme")
    return ideas if include_hidden else ideas.filter(hidden=False)
