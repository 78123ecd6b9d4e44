"""Reads for the staff follow-up area: initiatives across workshops, and publications."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet

from ideas.models import Idea, Initiative, PublishedCatalogue
from workshops.models import Workshop

# Sort keys offered in the list; the value is the ordering (nulls last where it matters).
INITIATIVE_SORTS = {
    "reference": [F("workshop__created_at").desc(nulls_last=True), "reference", "pk"],
    "title": ["title", "pk"],
    "status": ["status", "reference", "pk"],
    "progress": ["-progress", "reference", "pk"],
    "goal": [F("strategic_goal__number").asc(nulls_last=True), "reference", "pk"],
    "timeline": [F("start").asc(nulls_last=True), F("end").asc(nulls_last=True), "pk"],
    "updated": ["-updated_at", "pk"],
}


def followup_initiatives(
    *,
    status: str = "",
    goal_id: int | None = None,
    organisation_id: int | None = None,
    workshop_id: int | None = None,
    sort: str = "reference",
) -> QuerySet[Initiative]:
    """Initiatives across all workshops, filtered and sorted for the staff list and the
    action plan. Organisation means "among the actors"."""
    initiatives = Initiative.objects.select_related(
        "workshop", "theme", "strategic_goal", "owner"
    ).prefetch_related("actors", "milestones", "ideas")
    if status:
        initiatives = initiatives.filter(status=status)
    if goal_id:
        initiatives = initiatives.filter(strategic_goal_id=goal_id)
    if organisation_id:
        initiatives = initiatives.filter(actors__pk=organisation_id)
    if workshop_id:
        initiatives = initiatives.filter(workshop_id=workshop_id)
    return initiatives.order_by(*INITIATIVE_SORTS.get(sort, INITIATIVE_SORTS["reference"]))


def initiative_for_staff(initiative_id: int) -> Initiative | None:
    return (
        Initiative.objects.select_related("workshop", "theme", "strategic_goal", "owner")
        .prefetch_related("actors", "milestones__author")
        .filter(pk=initiative_id)
        .first()
    )


def initiative_origin_ideas(initiative: Initiative) -> QuerySet[Idea]:
    """The ideas an initiative came from, hidden ones included (staff see them, marked)."""
    return initiative.ideas.select_related("workshop", "theme").order_by("workshop_id", "pk")


def staff_users() -> QuerySet:
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")


def catalogue_workshops() -> QuerySet[Workshop]:
    return Workshop.objects.order_by("-created_at")


def live_publications() -> QuerySet[PublishedCatalogue]:
    return PublishedCatalogue.objects.filter(unpublished_at=None).prefetch_related("workshops")


def published_catalogue(token: str) -> PublishedCatalogue | None:
    """The publication behind a public link, unless it has been unpublished."""
    return (
        PublishedCatalogue.objects.filter(token=token, unpublished_at=None)
        .prefetch_related("workshops")
        .first()
    )
