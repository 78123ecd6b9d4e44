"""Set-up helpers for the voting, refinement and closing tests (plain functions, no fixtures,
so sync and async tests share them)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from ideas.models import Idea, Initiative, Theme, Vote, VotingRound
from tests.conftest import join, make_workshop, set_phase
from workshops.actions.base import Actor
from workshops.models import Participant, Workshop

DENIED = {"forbidden", "wrong_phase", "closed"}


def add_ideas(workshop: Workshop, *texts: str, author: Participant | None = None) -> list[Idea]:
    return [
        Idea.objects.create(workshop=workshop, author=author, title=text[:20], text=text)
        for text in texts
    ]


def open_round_directly(workshop: Workshop, *, budget=5, max_per_item=3, target="ideas", number=1):
    """A round as `voting.open` leaves it, made without the action (set-up only)."""
    return VotingRound.objects.create(
        workshop=workshop,
        number=number,
        target=target,
        budget=budget,
        max_per_item=max_per_item,
        opened_at=timezone.now(),
    )


def dots_of(participant: Participant, voting_round: VotingRound) -> int:
    return sum(
        Vote.objects.filter(round=voting_round, participant=participant).values_list(
            "dots", flat=True
        )
    )


def roles(workshop: Workshop, facilitator, phase: str) -> dict[str, Actor]:
    """Every kind of actor a permission matrix walks, with `workshop` (and the other
    participant's workshop) put in `phase` once everyone has joined."""
    other_user = get_user_model().objects.create_user("someone-else", password="pw-for-tests-only")
    elsewhere = make_workshop(other_user, title="Andet værksted")
    removed, _token = join(workshop, "Fjernet")
    Participant.objects.filter(pk=removed.pk).update(removed_at=timezone.now())
    removed.refresh_from_db()
    actors = {
        "facilitator": Actor.for_facilitator(facilitator),
        "other_facilitator": Actor.for_facilitator(other_user),
        "participant": Actor.for_participant(join(workshop, "Deltager")[0]),
        "other_workshop_participant": Actor.for_participant(join(elsewhere, "Udefra")[0]),
        "removed_participant": Actor.for_participant(removed),
    }
    set_phase(workshop, phase)
    set_phase(elsewhere, phase)
    return actors


def initiative_in(
    workshop: Workshop, *, title="Spisevenner", reference="1", **fields
) -> Initiative:
    return Initiative.objects.create(workshop=workshop, title=title, reference=reference, **fields)


def theme_in(workshop: Workshop, name="Mad og fællesskab") -> Theme:
    return Theme.objects.create(workshop=workshop, name=name)
