"""Many voters' dots in one transaction (a burst): each move is judged as if it came alone,
in order, and one refused move costs the others nothing."""

import asyncio
import uuid

import pytest
from channels.db import database_sync_to_async

from ideas.actions.votes import DotMove, do_move_dots
from ideas.models import Vote
from ideas.selectors_voting import MyDots
from realtime.models import WorkshopEvent
from tests.conftest import join, open_screen, set_phase
from tests.ideas.flow_helpers import add_ideas, dots_of, open_round_directly
from workshops.actions.base import ActionError, Actor
from workshops.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot(workshop):
    set_phase(workshop, "voting")
    ideas = add_ideas(workshop, "Fællesspisning", "Gå-hold", "Strikkecafé")
    voting_round = open_round_directly(workshop, budget=3, max_per_item=2)
    return workshop, ideas, voting_round


def actor(workshop, name):
    return Actor.for_participant(join(workshop, name)[0])


def test_each_move_is_judged_in_order_with_the_moves_before_it(ballot):
    workshop, ideas, voting_round = ballot
    anna, bo = actor(workshop, "Anna"), actor(workshop, "Bo")
    moves = [
        DotMove(anna, ideas[0].pk),
        DotMove(bo, ideas[0].pk),
        DotMove(anna, ideas[0].pk),
        DotMove(anna, ideas[0].pk),  # a third on one idea: over the per-item maximum
        DotMove(anna, ideas[1].pk),
        DotMove(anna, ideas[2].pk),  # a fourth dot: over the budget
        DotMove(anna, ideas[0].pk, take_back=True),
        DotMove(anna, ideas[2].pk),  # room again after taking one back
        DotMove(bo, ideas[2].pk, take_back=True),  # none there to take
    ]
    outcomes = do_move_dots(workshop=workshop, moves=moves)
    codes = [o.code if isinstance(o, ActionError) else "ok" for o in outcomes]
    assert codes == ["ok", "ok", "ok", "max_per_item", "ok", "budget", "ok", "ok", "no_dots"]
    assert outcomes[-2] == MyDots("idea", 0, {ideas[0].pk: 1, ideas[1].pk: 1, ideas[2].pk: 1})
    assert outcomes[6] == MyDots("idea", 1, {ideas[0].pk: 1, ideas[1].pk: 1})
    stored = {
        (vote.participant.display_name, vote.idea_id): vote.dots
        for vote in Vote.objects.filter(round=voting_round)
    }
    assert stored == {
        ("Anna", ideas[0].pk): 1,
        ("Anna", ideas[1].pk): 1,
        ("Anna", ideas[2].pk): 1,
        ("Bo", ideas[0].pk): 1,
    }
    # One quiet event per move that happened, each with the voter's dots after it.
    events = list(WorkshopEvent.objects.filter(kind__in=["vote.cast", "vote.retracted"]))
    assert len(events) == 6 and all(event.seq is None for event in events)
    assert events[-1].payload["left"] == 0


def test_a_key_sent_twice_moves_one_dot_even_within_one_batch(ballot):
    workshop, ideas, voting_round = ballot
    anna = actor(workshop, "Anna")
    key = uuid.uuid4()
    first, again = do_move_dots(
        workshop=workshop,
        moves=[DotMove(anna, ideas[0].pk, key), DotMove(anna, ideas[0].pk, key)],
    )
    assert first == again == MyDots("idea", 2, {ideas[0].pk: 1})
    (later,) = do_move_dots(workshop=workshop, moves=[DotMove(anna, ideas[0].pk, key)])
    assert later == first
    assert dots_of(anna.participant, voting_round) == 1


def test_a_removed_voter_or_a_hidden_idea_refuses_only_that_move(ballot, facilitator):
    workshop, ideas, voting_round = ballot
    anna, bo = actor(workshop, "Anna"), actor(workshop, "Bo")
    Participant.objects.filter(pk=bo.participant.pk).update(removed_at="2026-12-02T10:00Z")
    ideas[2].hidden = True
    ideas[2].save()
    outcomes = do_move_dots(
        workshop=workshop,
        moves=[
            DotMove(bo, ideas[0].pk),
            DotMove(anna, ideas[2].pk),
            DotMove(anna, ideas[0].pk),
            DotMove(Actor.for_facilitator(facilitator), ideas[0].pk),
        ],
    )
    codes = [o.code if isinstance(o, ActionError) else "ok" for o in outcomes]
    assert codes == ["forbidden", "not_found", "ok", "wrong_phase"]
    assert Vote.objects.filter(round=voting_round).count() == 1


@pytest.mark.django_db(transaction=True)
async def test_dots_sent_at_once_from_many_phones_are_all_counted_and_answered(workshop):
    """Twenty phones put two dots each at the same moment (one batch or several, as it
    happens); a third key is a resend. Every frame gets its own answer."""
    await database_sync_to_async(set_phase)(workshop, "voting")
    ideas = await database_sync_to_async(add_ideas)(workshop, "Gåklub", "Læsekreds")
    voting_round = await database_sync_to_async(open_round_directly)(
        workshop, budget=3, max_per_item=2
    )
    phones = []
    for index in range(20):
        participant, token = await database_sync_to_async(join)(workshop, f"Phone {index}")
        screen, connected, _code = await open_screen(workshop, "participant", token=token)
        assert connected
        await screen.drain()
        phones.append((participant, screen))
    sends = []
    for index, (_participant, phone) in enumerate(phones):
        keys = [uuid.uuid4(), uuid.uuid4()]
        for key in [*keys, keys[0]]:
            sends.append(phone.send("vote.cast", key, item_id=ideas[index % 2].pk))
    await asyncio.gather(*sends)
    for _participant, phone in phones:
        acks = 0
        while acks < 3:
            acks += (await phone.receive_until('data-rt="ack"')).count('data-rt="ack"')
        await phone.drain()
        assert 'id="my-dots-left" class="dots-left" data-left="1"' in "".join(phone.frames)
        await phone.disconnect()
    totals = await database_sync_to_async(
        lambda: sorted(dots_of(participant, voting_round) for participant, _ in phones)
    )()
    assert totals == [2] * 20
