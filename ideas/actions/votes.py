"""Dot voting: opening, closing and revealing rounds, and putting dots on ideas or themes.

The budget is enforced here, inside the transaction: a dot holds the workshop row against
change (`hold_workshop`: rounds and phases move only under `lock_workshop`, which waits for it)
and locks the participant's row, then counts their dots. Two phones or a replayed queue cannot
overspend, whatever the browser shows, and a room of voters does not queue on one lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db import transaction
from django.db.models import Exists, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas import selectors_voting as voting
from ideas.models import Vote, VotingRound
from realtime.events import record_event
from realtime.models import WorkshopEvent
from workshops.actions.base import (
    ActionError,
    Actor,
    check_verb,
    hold_workshop,
    lock_participant,
    lock_workshop,
)
from workshops.models import Workshop

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


def _round_for_dot(
    workshop: Workshop, actor: Actor, item_id: int, client_key: uuid.UUID | None
) -> VotingRound | None:
    """The open round, read with the three answers a dot needs (is the item an idea or a theme
    one can vote on; was this client key applied before), in one query: a burst of dots is
    hundreds a second. No row lock of its own: a round and the votable items change only under
    lock_workshop, which our hold on the workshop row keeps out until we commit."""
    applied = (
        Exists(
            WorkshopEvent.objects.filter(
                workshop=workshop,
                kind__in=VOTE_KINDS,
                actor_participant=actor.participant,
                client_key=client_key,
            )
        )
        if client_key is not None
        else Value(False)
    )
    voting_round = (
        VotingRound.objects.filter(
            workshop=workshop, opened_at__isnull=False, closed_at__isnull=True
        )
        .annotate(
            applied=applied,
            idea_votable=Exists(voting.votable_ideas(workshop).filter(pk=item_id)),
            theme_votable=Exists(voting.votable_themes(workshop).filter(pk=item_id)),
        )
        .order_by("-number")
        .first()
    )
    if voting_round is not None:
        voting_round.workshop = workshop  # the held row: no second read
    return voting_round


def _already_applied(workshop: Workshop, actor: Actor, client_key: uuid.UUID | None) -> bool:
    """A resent dot (same client key) was counted the first time: the event log is the
    ledger of every dot moved, so it answers without another table."""
    return (
        client_key is not None
        and WorkshopEvent.objects.filter(
            workshop=workshop,
            kind__in=VOTE_KINDS,
            actor_participant=actor.participant,
            client_key=client_key,
        ).exists()
    )


def _item_field(voting_round: VotingRound) -> str:
    return "theme_id" if voting_round.target == VotingRound.Target.THEMES else "idea_id"


def _move_dot(
    *,
    actor: Actor,
    workshop: Workshop,
    item_id: int,
    client_key: uuid.UUID | None,
    verb: str,
    change: Callable[[VotingRound, Vote, int], None],
) -> voting.MyDots:
    """One dot on or off an item, `change` deciding whether it may move (it raises if not)
    and moving it on the vote row. Returns the voter's dots as they are now."""
    with transaction.atomic():
        workshop = hold_workshop(workshop.pk)
        actor = lock_participant(actor) if actor.participant else actor
        check_verb(workshop, actor, verb)
        voting_round = _round_for_dot(workshop, actor, item_id, client_key)
        if voting_round is None or voting_round.applied:
            if voting_round is None and not _already_applied(workshop, actor, client_key):
                raise ActionError(_("Voting is not open right now."), code="not_open")
            # A resend (the round may have closed since): counted the first time; the sender
            # sees where its dots are now.
            voting_round = voting_round or voting.latest_round(workshop)
            return voting.my_dots(voting_round, actor.participant.pk)
        is_theme = voting_round.target == VotingRound.Target.THEMES
        if is_theme and not voting_round.theme_votable:
            raise ActionError(_("That theme no longer exists."), code="not_found")
        if not is_theme and not voting_round.idea_votable:
            raise ActionError(_("That idea can no longer be voted on."), code="not_found")
        field = _item_field(voting_round)
        mine = list(Vote.objects.filter(round=voting_round, participant=actor.participant))
        row = next((vote for vote in mine if getattr(vote, field) == item_id), None)
        row = row or Vote(
            round=voting_round, participant=actor.participant, dots=0, **{field: item_id}
        )
        used = sum(vote.dots for vote in mine)
        change(voting_round, row, used)
        if row.dots:
            row.save()
        elif row.pk:
            row.delete()
        per_item = {getattr(vote, field): vote.dots for vote in mine if vote.dots}
        per_item[item_id] = row.dots
        dots = voting.MyDots(
            voting.item_kind(voting_round),
            max(0, voting_round.budget - sum(per_item.values())),
            per_item,
        )
        record_event(
            workshop,
            "vote.cast" if verb == "vote.cast" else "vote.retracted",
            actor=actor,
            payload={
                "round_id": voting_round.pk,
                "participant_id": actor.participant.pk,
                "item_id": item_id,
                "client_key": str(client_key) if client_key else None,
                # The voter's dots after the move: their other screens render from the event.
                **dots.as_payload(),
            },
        )
    return dots


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


def do_cast_vote(
    *, actor: Actor, workshop: Workshop, item_id: int, client_key: uuid.UUID | None = None
) -> voting.MyDots:
    """Put one of the participant's dots on an idea or theme of the open round.

    Refused past the budget or the per-item maximum; a resent key changes nothing.
    Returns the participant's dots, for rendering their own state.
    """
    return _move_dot(
        actor=actor,
        workshop=workshop,
        item_id=item_id,
        client_key=client_key,
        verb="vote.cast",
        change=_add_dot,
    )


def do_retract_vote(
    *, actor: Actor, workshop: Workshop, item_id: int, client_key: uuid.UUID | None = None
) -> voting.MyDots:
    """Take one of the participant's dots back from an item while the round is open."""
    return _move_dot(
        actor=actor,
        workshop=workshop,
        item_id=item_id,
        client_key=client_key,
        verb="vote.retract",
        change=_take_dot,
    )
