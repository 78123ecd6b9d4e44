"""Reads for refinement: initiatives, their fields as the group edits them, and what can be
promoted. Also the published catalogue a closed workshop links to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ideas import selectors_voting as voting
from ideas.models import (
    Idea,
    Initiative,
    InitiativeComment,
    PublishedCatalogue,
    Theme,
    VotingRound,
)
from workshops.models import Organisation, Participant, StrategicGoal, Workshop

# The fields the group edits, in the order the form shows them, with how each is edited.
TEXT, LONG_TEXT, DATE, GOAL, ORGANISATIONS = "text", "long_text", "date", "goal", "organisations"
FIELD_KINDS: dict[str, str] = {
    "title": TEXT,
    "intervention": LONG_TEXT,
    "purpose": LONG_TEXT,
    "target_group": LONG_TEXT,
    "strategic_goal": GOAL,
    "actors": ORGANISATIONS,
    "actors_text": LONG_TEXT,
    "start": DATE,
    "end": DATE,
    "timeline_text": LONG_TEXT,
    "first_step": LONG_TEXT,
    "example": LONG_TEXT,
}
# Shorter labels and a hint for fields whose model name alone says too little.
FIELD_HINTS = {
    "intervention": _("What will be done?"),
    "purpose": _("Why? What should it change?"),
    "target_group": _("For whom?"),
    "actors_text": _("Other actors, not in the list"),
    "first_step": _("The very first thing to do, and who does it"),
    "example": _("A concrete example of how it could look"),
}


@dataclass(frozen=True)
class FieldState:
    """One editable field of an initiative as it is now."""

    initiative_id: int
    name: str
    kind: str
    label: Any
    hint: Any
    value: Any  # what the form starts from: text, ISO date, goal id, organisation ids
    display: str  # what the screens show
    version: int
    editor: str
    max_length: int | None

    @property
    def dom_id(self) -> str:
        return f"initiative-{self.initiative_id}-{self.name}"


def display_value(initiative: Initiative, name: str) -> str:
    """A field's value as text for screens and for the merge view."""
    kind = FIELD_KINDS[name]
    if kind == GOAL:
        return str(initiative.strategic_goal) if initiative.strategic_goal else ""
    if kind == ORGANISATIONS:
        return ", ".join(org.name for org in initiative.actors.all())
    if kind == DATE:
        value = getattr(initiative, name)
        return date_format(value, "DATE_FORMAT") if value else ""
    return getattr(initiative, name)


def form_value(initiative: Initiative, name: str) -> Any:
    kind = FIELD_KINDS[name]
    if kind == GOAL:
        return initiative.strategic_goal_id or ""
    if kind == ORGANISATIONS:
        return {org.pk for org in initiative.actors.all()}
    if kind == DATE:
        value = getattr(initiative, name)
        return value.isoformat() if value else ""
    return getattr(initiative, name)


def field_state(initiative: Initiative, name: str) -> FieldState:
    model_field = Initiative._meta.get_field(name)
    return FieldState(
        initiative_id=initiative.pk,
        name=name,
        kind=FIELD_KINDS[name],
        label=model_field.verbose_name,
        hint=FIELD_HINTS.get(name, ""),
        value=form_value(initiative, name),
        display=display_value(initiative, name),
        version=int(initiative.field_versions.get(name, 0)),
        editor=initiative.field_editors.get(name, ""),
        max_length=getattr(model_field, "max_length", None),
    )


def field_states(initiative: Initiative) -> list[FieldState]:
    return [field_state(initiative, name) for name in FIELD_KINDS]


def initiatives_for(workshop: Workshop) -> QuerySet[Initiative]:
    """The workshop's initiatives, in the order they were promoted, with what their cards show."""
    return (
        Initiative.objects.filter(workshop=workshop)
        .select_related("theme", "strategic_goal")
        .prefetch_related(
            "ideas",
            "actors",
            Prefetch("members", queryset=Participant.objects.filter(removed_at=None)),
            Prefetch(
                "comments",
                queryset=InitiativeComment.objects.select_related("author", "author_user"),
            ),
        )
        .order_by("created_at", "pk")
    )


def initiative_for(workshop: Workshop, initiative_id: int) -> Initiative | None:
    return initiatives_for(workshop).filter(pk=initiative_id).first()


def group_of(workshop: Workshop, participant_id: int) -> Initiative | None:
    """The initiative group a participant sits with, if any."""
    return Initiative.objects.filter(workshop=workshop, members__pk=participant_id).first()


def promotion_candidates(workshop: Workshop) -> list[dict[str, Any]]:
    """Ideas the facilitator can promote: ranked by the newest revealed idea round if there
    is one (with their dots), else in board order."""
    revealed = (
        VotingRound.objects.filter(
            workshop=workshop, target=VotingRound.Target.IDEAS, revealed_at__isnull=False
        )
        .order_by("-number")
        .first()
    )
    promoted = set(
        Idea.objects.filter(workshop=workshop, initiatives__isnull=False).values_list(
            "pk", flat=True
        )
    )
    ideas = {idea.pk: idea for idea in voting.votable_ideas(workshop).select_related("theme")}
    if revealed is not None:
        ranked = [(row.item.pk, row.dots, row.rank) for row in voting.revealed_results(revealed)]
    else:
        ranked = [(pk, None, None) for pk in ideas]
    return [
        {"idea": ideas[pk], "dots": dots, "rank": rank, "promoted": pk in promoted}
        for pk, dots, rank in ranked
        if pk in ideas
    ]


def strategic_goals() -> list[StrategicGoal]:
    return list(StrategicGoal.objects.order_by("number"))


def organisations() -> list[Organisation]:
    return list(Organisation.objects.order_by("name"))


def published_catalogue(workshop: Workshop) -> PublishedCatalogue | None:
    """The newest catalogue that includes this workshop and is still published."""
    return (
        PublishedCatalogue.objects.filter(workshops=workshop, unpublished_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def promotable_themes(workshop: Workshop) -> QuerySet:
    """Themes with how many visible ideas they hold, for promoting a whole theme."""
    return (
        Theme.objects.filter(workshop=workshop)
        .annotate(idea_count=Count("ideas", filter=Q(ideas__hidden=False)))
        .order_by("position", "pk")
    )
