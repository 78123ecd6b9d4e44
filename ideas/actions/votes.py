"""Dot voting: opening, closing and revealing rounds, and putting dots on ideas or themes.

The budget is enforced here, inside the transaction: a dot holds the workshop row against
change (`hold_workshop`: rounds and phases move only under `lock_workshop`, which waits for it)
and locks the participant's row, then counts their dots. Two phones or a replayed queue cannot
overspend, whatever the browser shows, and a room of voters does not queue on one lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas import selectors_voting as voting
from ideas.models import Vote, VotingRound
from ideas.selectors_voting import MyDots
from realtime.events import record_event, record_quiet_events
from realtime.models import WorkshopEvent
from workshops.actions.base import (
    ActionError,
    Actor,
    check_verb,
    hold_workshop,
    lock_participants,
    lock_workshop,
)
from workshops.models import Participant, Workshop

VOTE_BUDGET_MAX = 50
VOTE_KINDS = ("vote.cast", "vote.retracted")


def check_voting_settings(*, budget: int, max_per_item: int) -> None:
    """Budgets from 1 to VOTE_BUDGET_MAX dots; at most the budget on one item."""
    if not 1 <= budget <= VOTE_BUDGET_MAX:
        raise ActionError(
            _("Give each participant between 1 and %(max)d dots.") % {"max": VOTE_BUDGET_MAX},
            field="budget",
        )
    if not 1 <= max_per_item <= budget:
        raise ActionError(
            _("Dots allowed on one item must be between 1 and the number of dots (%(budget)d).")
            % {"budget": budget},
            field="max_per_item",
        )


def _check_something_to_vote_on(workshop: Workshop, target: str) -> None:
    if target == VotingRound.Target.THEMES:
        if not voting.votable_themes(workshop).exists():
            raise ActionError(_("There are no themes to vote on yet."), field="target")
    elif not voting.votable_ideas(workshop).exists():
        raise ActionError(_("There are no ideas to vote on yet."), field="target")


def do_open_voting(
    *,
    actor: Actor,
    workshop: Workshop,
    target: str = VotingRound.Target.IDEAS,
    budget: int | None = None,
    max_per_item: int | None = None,
) -> VotingRound:
    """Open a new round with the workshop's dot settings (or the ones given), or change the
    settings of the open round as long as nobody has voted in it yet."""
    if target not in VotingRound.Target.values:
        raise ActionError(_("Choose whether to vote on ideas or on themes."), field="target")
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "voting.open")
        budget = workshop.vote_budget if budget is None else budget
        if max_per_item is None:
            max_per_item = min(workshop.max_votes_per_idea, budget)
        check_voting_settings(budget=budget, max_per_item=max_per_item)
        _check_something_to_vote_on(workshop, target)
        current = voting.open_round(workshop)
        if current is not None:
            if current.votes.filter(dots__gt=0).exists():
                raise ActionError(
                    _(
                        "The settings cannot change once someone has voted. Close this round "
                        "and open a new one instead."
                    ),
                    code="settings_locked",
                )
            current.target, current.budget, current.max_per_item = target, budget, max_per_item
            current.save(update_fields=["target", "budget", "max_per_item"])
            record_event(workshop, "voting.updated", actor=actor, payload={"round_id": current.pk})
            return current
        latest = voting.latest_round(workshop)
        voting_round = VotingRound.objects.create(
            workshop=workshop,
            number=(latest.number + 1) if latest else 1,
            target=target,
            budget=budget,
            max_per_item=max_per_item,
            opened_at=timezone.now(),
        )
        record_event(workshop, "voting.opened", actor=actor, payload={"round_id": voting_round.pk})
    return voting_round


def do_close_voting(*, actor: Actor, workshop: Workshop) -> VotingRound:
    """Stop the open round: no more dots can be added or taken back. Totals stay hidden."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "voting.close")
        voting_round = voting.open_round(workshop)
        if voting_round is None:
            raise ActionError(_("No voting round is open."), code="not_open")
        voting_round.closed_at = timezone.now()
        voting_round.save(update_fields=["closed_at"])
        record_event(workshop, "voting.closed", actor=actor, payload={"round_id": voting_round.pk})
    return voting_round


def do_reveal_voting(*, actor: Actor, workshop: Workshop) -> VotingRound:
    """Show the results of the newest round on every screen, closing it first if still open
    (nobody votes after seeing the totals)."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "voting.reveal")
        voting_round = voting.latest_round(workshop)
        if voting_round is None:
            raise ActionError(_("There is no voting round to show."), code="not_open")
        if voting_round.revealed_at is not None:
            raise ActionError(_("The results are already shown."), code="already_revealed")
        now = timezone.now()
        voting_round.closed_at = voting_round.closed_at or now
        voting_round.revealed_at = now
        voting_round.save(update_fields=["closed_at", "revealed_at"])
        record_event(
            workshop, "voting.revealed", actor=actor, payload={"round_id": voting_round.pk}
        )
    return voting_round


@dataclass(frozen=True)
class DotMove:
    """One dot put on an item, or taken back from it, as a participant's phone asked."""

    actor: Actor
    item_id: int
    client_key: uuid.UUID | None = None
    take_back: bool = False

    @property
    def verb(self) -> str:
        return "vote.retract" if self.take_back else "vote.cast"


def do_move_dots(*, workshop: Workshop, moves: Sequence[DotMove]) -> list[MyDots | ActionError]:
    """Move many voters' dots in one transaction, each judged as if alone, in the order given.

    A burst of dots is hundreds a second; this is a handful of queries for all the moves a
    process has waiting instead of eight for each. Returns, for each move, the voter's dots
    after it, or why it was refused. A resent key (already in the log) moves nothing and
    returns the voter's dots as they are.
    """
    with transaction.atomic():
        workshop = hold_workshop(workshop.pk)
        voters = lock_participants(
            {move.actor.participant.pk for move in moves if move.actor.participant}
        )
        ballot = _Ballot.read(workshop, voters, moves)
        outcomes: list[MyDots | ActionError] = []
        for move in moves:
            try:
                outcomes.append(ballot.move(move))
            except ActionError as refused:
                outcomes.append(refused)
        ballot.save()
    return outcomes


def do_cast_vote(
    *, actor: Actor, workshop: Workshop, item_id: int, client_key: uuid.UUID | None = None
) -> MyDots:
    """Put one of the participant's dots on an idea or theme of the open round.

    Refused past the budget or the per-item maximum; a resent key changes nothing.
    Returns the participant's dots, for rendering their own state.
    """
    return _one(workshop, DotMove(actor, item_id, client_key))


def do_retract_vote(
    *, actor: Actor, workshop: Workshop, item_id: int, client_key: uuid.UUID | None = None
) -> MyDots:
    """Take one of the participant's dots back from an item while the round is open."""
    return _one(workshop, DotMove(actor, item_id, client_key, take_back=True))


def _one(workshop: Workshop, move: DotMove) -> MyDots:
    (outcome,) = do_move_dots(workshop=workshop, moves=[move])
    if isinstance(outcome, ActionError):
        raise outcome
    return outcome


class _Ballot:
    """The open round and the voters' rows as read once for a batch of moves, changed in
    memory move by move, written back once."""

    def __init__(self, workshop, voters, voting_round, applied, votable, rows):
        self.workshop: Workshop = workshop
        self.voters: dict[int, Participant] = voters
        self.round: VotingRound | None = voting_round
        self.applied: set[tuple[int, str]] = applied
        self.votable: set[int] = votable
        self.rows: dict[int, dict[int, Vote]] = rows
        self.events: list[tuple[str, Actor, dict]] = []

    @classmethod
    def read(cls, workshop: Workshop, voters: dict[int, Participant], moves: Sequence[DotMove]):
        # No row locks of their own: a round and the votable items change only under
        # lock_workshop, which our hold on the workshop row keeps out until we commit.
        voting_round = voting.open_round(workshop)
        keys = {str(move.client_key) for move in moves if move.client_key}
        applied = set()
        if keys:
            applied = set(
                WorkshopEvent.objects.filter(
                    workshop=workshop, kind__in=VOTE_KINDS, client_key__in=keys
                ).values_list("actor_participant_id", "client_key")
            )
            applied = {(voter, str(key)) for voter, key in applied}
        votable, rows = set(), {voter: {} for voter in voters}
        if voting_round is not None:
            voting_round.workshop = workshop  # the held row: no second read
            items = (
                voting.votable_themes(workshop)
                if _on_themes(voting_round)
                else voting.votable_ideas(workshop)
            )
            votable = set(
                items.filter(pk__in={move.item_id for move in moves}).values_list("pk", flat=True)
            )
            field = _item_field(voting_round)
            for vote in Vote.objects.filter(round=voting_round, participant_id__in=voters):
                rows[vote.participant_id][getattr(vote, field)] = vote
        return cls(workshop, voters, voting_round, applied, votable, rows)

    def move(self, move: DotMove) -> MyDots:
        participant = move.actor.participant
        actor = Actor.for_participant(self.voters[participant.pk]) if participant else move.actor
        check_verb(self.workshop, actor, move.verb)
        key = (actor.participant.pk, str(move.client_key)) if move.client_key else None
        if key in self.applied:
            # A resend: counted the first time; the sender sees where its dots are now.
            if self.round is None:  # closed since
                return voting.my_dots(voting.latest_round(self.workshop), actor.participant.pk)
            return self._dots_of(actor.participant.pk)
        if self.round is None:
            raise ActionError(_("Voting is not open right now."), code="not_open")
        if move.item_id not in self.votable:
            if _on_themes(self.round):
                raise ActionError(_("That theme no longer exists."), code="not_found")
            raise ActionError(_("That idea can no longer be voted on."), code="not_found")
        mine = self.rows[actor.participant.pk]
        row = mine.get(move.item_id) or Vote(
            round=self.round,
            participant=actor.participant,
            dots=0,
            **{_item_field(self.round): move.item_id},
        )
        (_take_dot if move.take_back else _add_dot)(
            self.round, row, sum(vote.dots for vote in mine.values())
        )
        mine[move.item_id] = row
        if key:
            self.applied.add(key)
        dots = self._dots_of(actor.participant.pk, also=move.item_id)
        payload = {
            "round_id": self.round.pk,
            "participant_id": actor.participant.pk,
            "item_id": move.item_id,
            "client_key": str(move.client_key) if move.client_key else None,
            # The voter's dots after the move: their other screens render from the event.
            **dots.as_payload(),
        }
        self.events.append(("vote.retracted" if move.take_back else "vote.cast", actor, payload))
        return dots

    def _dots_of(self, participant_id: int, also: int | None = None) -> MyDots:
        per_item = {
            item: vote.dots for item, vote in self.rows[participant_id].items() if vote.dots
        }
        if also is not None:
            per_item.setdefault(also, 0)
        left = max(0, self.round.budget - sum(per_item.values()))
        return MyDots(voting.item_kind(self.round), left, per_item)

    def save(self) -> None:
        rows = [vote for mine in self.rows.values() for vote in mine.values()]
        Vote.objects.bulk_create([vote for vote in rows if vote.pk is None and vote.dots])
        Vote.objects.bulk_update([vote for vote in rows if vote.pk and vote.dots], ["dots"])
        gone = [vote.pk for vote in rows if vote.pk and not vote.dots]
        if gone:
            Vote.objects.filter(pk__in=gone).delete()
        record_quiet_events(self.workshop, self.events)


def _on_themes(voting_round: VotingRound) -> bool:
    return voting_round.target == VotingRound.Target.THEMES


def _item_field(voting_round: VotingRound) -> str:
    return "theme_id" if _on_themes(voting_round) else "idea_id"


def _add_dot(voting_round: VotingRound, row: Vote, used: int) -> None:
    if used >= voting_round.budget:
        raise ActionError(
            _("You have used all your %(budget)d dots. Take one back to move it.")
            % {"budget": voting_round.budget},
            code="budget",
        )
    if row.dots >= voting_round.max_per_item:
        raise ActionError(
            _("You can put at most %(max)d dots on one item.") % {"max": voting_round.max_per_item},
            code="max_per_item",
        )
    row.dots += 1


def _take_dot(voting_round: VotingRound, row: Vote, used: int) -> None:
    if row.dots <= 0:
        raise ActionError(_("You have no dots on that item."), code="no_dots")
    row.dots -= 1
