"""What a workshop export holds, and how each kind of relation travels in it.

Rows of the workshop's own tables travel with their old primary key as `id` and refer to each
other by those ids; the import gives them new keys. Shared things are carried by what names
them on any installation: users by username, organisations by name, strategic goals by number.
Fields are read from the models, so a field added later travels without a change here; a
relation of a kind this module does not know makes the export fail (see `relation_kind`), so
nothing is left behind silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models

from ideas.models import (
    Idea,
    Initiative,
    InitiativeComment,
    Milestone,
    Theme,
    Vote,
    VotingRound,
)
from realtime.models import WorkshopEvent
from registrations.models import Invitation, Registration
from workshops.models import (
    KnowledgeCard,
    Organisation,
    Participant,
    Space,
    SpaceLocation,
    SpaceSlot,
    StrategicGoal,
    Workshop,
)

FORMAT = "samskab.workshop"
VERSION = 1


class TransferError(Exception):
    """The document cannot be read, or a row cannot be carried."""


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    # The lookup from this table to its workshop.
    workshop_lookup: str

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


# In an order where each table's references point backwards, except those the import sets in a
# second pass (a participant's space: spaces are hosted by participants).
TABLES: tuple[Table, ...] = (
    Table(Participant, "workshop"),
    Table(Invitation, "workshop"),
    Table(Registration, "invitation__workshop"),
    Table(SpaceLocation, "workshop"),
    Table(SpaceSlot, "workshop"),
    Table(Space, "workshop"),
    Table(KnowledgeCard, "workshop"),
    Table(Theme, "workshop"),
    Table(Idea, "workshop"),
    Table(VotingRound, "workshop"),
    Table(Vote, "round__workshop"),
    Table(Initiative, "workshop"),
    Table(InitiativeComment, "initiative__workshop"),
    Table(Milestone, "initiative__workshop"),
    Table(WorkshopEvent, "workshop"),
)
TABLE_MODELS = {table.model for table in TABLES}

# Relations and what travels for them.
OWN = "own"  # a row of this export: its old id
WORKSHOP = "workshop"  # the workshop itself: nothing travels
USER = "user"  # username
ORGANISATION = "organisation"  # name
GOAL = "goal"  # number


def relation_kind(field: models.Field) -> str:
    target = field.related_model
    if target in TABLE_MODELS:
        return OWN
    if target is Workshop:
        return WORKSHOP
    if target._meta.label == settings.AUTH_USER_MODEL:
        return USER
    if target is Organisation:
        return ORGANISATION
    if target is StrategicGoal:
        return GOAL
    raise TransferError(
        f"{field.model._meta.label}.{field.name} refers to {target._meta.label}, "
        "which a workshop export does not carry."
    )


def row_fields(model: type[models.Model]) -> list[models.Field]:
    """Every stored field of a row but its primary key."""
    return [field for field in model._meta.concrete_fields if not field.primary_key]


def many_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    return list(model._meta.many_to_many)
