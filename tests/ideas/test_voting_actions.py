"""Dot voting rules: rounds, budget, per-item maximum, settings lock, reveal and ranking."""

import uuid

import pytest

from ideas.actions.votes import (
    do_cast_vote,
    do_close_voting,
    do_open_voting,
    do_retract_vote,
    do_reveal_voting,
)
from ideas.models import Vote, VotingRound
from ideas.selectors_voting import revealed_results, voters_count
from tests.conftest import join, set_phase
from tests.ideas.flow_helpers import add_ideas, dots_of, theme_in
from workshops.actions.base import ActionError, Actor
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting_workshop(workshop):
    workshop.vote_budget, workshop.max_votes_per_idea = 4, 2
    workshop.save()
    return set_phase(workshop, "voting")


@pytest.fixture
def host(facilitator):
    return Actor.for_facilitator(facilitator)


@pytest.fixture
def ideas(voting_workshop):
    return add_ideas(voting_workshop, "Fællesspisning", "Gå-hold", "Strikkecafé")


@pytest.fixture
def anna(voting_workshop):
    return Actor.for_participant(join(voting_workshop, "Anna")[0])


def cast(workshop, actor, item, key=None):
    return do_cast_vote(actor=actor, workshop=workshop, item_id=item.pk, client_key=key)


def test_open_takes_the_workshop_settings_and_numbers_rounds(voting_workshop, host, ideas):
    first = do_open_voting(actor=host, workshop=voting_workshop)
    assert (first.number, first.budget, first.max_per_item, first.target) == (1, 4, 2, "ideas")
    assert voting_workshop.events.last().kind == "voting.opened"
    do_close_voting(actor=host, workshop=voting_workshop)
    second = do_open_voting(actor=host, workshop=voting_workshop, budget=3, max_per_item=1)
    assert (second.number, second.budget, second.max_per_item) == (2, 3, 1)


def test_settings_can_change_until_someone_votes(voting_workshop, host, ideas, anna):
    do_open_voting(actor=host, workshop=voting_workshop)
    changed = do_open_voting(actor=host, workshop=voting_workshop, budget=6, max_per_item=3)
    assert (changed.number, changed.budget) == (1, 6)
    assert VotingRound.objects.count() == 1
    cast(voting_workshop, anna, ideas[0])
    with pytest.raises(ActionError) as refused:
        do_open_voting(actor=host, workshop=voting_workshop, budget=10, max_per_item=3)
    assert refused.value.code == "settings_locked"
    assert "cannot change once someone has voted" in str(refused.value.message)
    assert VotingRound.objects.get().budget == 6


@pytest.mark.parametrize(
    ("budget", "max_per_item", "field"),
    [(0, 1, "budget"), (51, 1, "budget"), (3, 4, "max_per_item")],
)
def test_settings_are_validated(voting_workshop, host, ideas, budget, max_per_item, field):
    with pytest.raises(ActionError) as refused:
        do_open_voting(
            actor=host, workshop=voting_workshop, budget=budget, max_per_item=max_per_item
        )
    assert refused.value.field == field


def test_nothing_to_vote_on_is_refused(voting_workshop, host):
    with pytest.raises(ActionError):
        do_open_voting(actor=host, workshop=voting_workshop)
    with pytest.raises(ActionError):
        do_open_voting(actor=host, workshop=voting_workshop, target="themes")


def test_budget_and_per_item_maximum(voting_workshop, host, ideas, anna):
    voting_round = do_open_voting(actor=host, workshop=voting_workshop)
    cast(voting_workshop, anna, ideas[0])
    cast(voting_workshop, anna, ideas[0])
    with pytest.raises(ActionError) as too_many_here:
        cast(voting_workshop, anna, ideas[0])
    assert too_many_here.value.code == "max_per_item"
    cast(voting_workshop, anna, ideas[1])
    cast(voting_workshop, anna, ideas[2])
    with pytest.raises(ActionError) as spent:
        cast(voting_workshop, anna, ideas[1])
    assert spent.value.code == "budget"
    assert dots_of(anna.participant, voting_round) == 4


def test_retract_moves_a_dot_back(voting_workshop, host, ideas, anna):
    voting_round = do_open_voting(actor=host, workshop=voting_workshop)
    cast(voting_workshop, anna, ideas[0])
    do_retract_vote(actor=anna, workshop=voting_workshop, item_id=ideas[0].pk)
    assert not Vote.objects.exists()  # no empty rows left behind
    with pytest.raises(ActionError) as nothing:
        do_retract_vote(actor=anna, workshop=voting_workshop, item_id=ideas[0].pk)
    assert nothing.value.code == "no_dots"
    assert dots_of(anna.participant, voting_round) == 0


def test_a_resent_dot_counts_once(voting_workshop, host, ideas, anna):
    voting_round = do_open_voting(actor=host, workshop=voting_workshop)
    key = uuid.uuid4()
    cast(voting_workshop, anna, ideas[0], key)
    seq = Workshop.objects.get(pk=voting_workshop.pk).seq
    cast(voting_workshop, anna, ideas[0], key)
    assert dots_of(anna.participant, voting_round) == 1
    assert Workshop.objects.get(pk=voting_workshop.pk).seq == seq


def test_closed_round_takes_no_dots(voting_workshop, host, ideas, anna):
    do_open_voting(actor=host, workshop=voting_workshop)
    cast(voting_workshop, anna, ideas[0])
    do_close_voting(actor=host, workshop=voting_workshop)
    for action in (do_cast_vote, do_retract_vote):
        with pytest.raises(ActionError) as refused:
            action(actor=anna, workshop=voting_workshop, item_id=ideas[0].pk)
        assert refused.value.code == "not_open"


def test_hidden_idea_and_other_workshops_idea_are_refused(
    voting_workshop, host, ideas, anna, other_facilitator
):
    from tests.conftest import make_workshop

    do_open_voting(actor=host, workshop=voting_workshop)
    ideas[0].hidden = True
    ideas[0].save()
    foreign = add_ideas(make_workshop(other_facilitator), "Andet sted")[0]
    for idea in (ideas[0], foreign):
        with pytest.raises(ActionError) as refused:
            cast(voting_workshop, anna, idea)
        assert refused.value.code == "not_found"


def test_results_exist_only_after_reveal_and_ties_share_a_rank(voting_workshop, host, ideas, anna):
    bo = Actor.for_participant(join(voting_workshop, "Bo")[0])
    voting_round = do_open_voting(actor=host, workshop=voting_workshop)
    for actor, idea in [
        (anna, ideas[0]),
        (anna, ideas[1]),
        (bo, ideas[0]),
        (bo, ideas[1]),
        (bo, ideas[1]),
    ]:
        cast(voting_workshop, actor, idea)
    # ideas[0]: 2 dots, ideas[1]: 3, ideas[2]: 0 ... add one more to ideas[0] for a tie
    cast(voting_workshop, anna, ideas[0])
    assert revealed_results(voting_round) == []
    assert voters_count(voting_round) == 2
    revealed = do_reveal_voting(actor=host, workshop=voting_workshop)
    assert revealed.closed_at is not None  # revealing closes the round
    results = revealed_results(revealed)
    assert [(row.rank, row.tied, row.item.pk, row.dots) for row in results] == [
        (1, True, ideas[0].pk, 3),
        (1, True, ideas[1].pk, 3),
        (3, False, ideas[2].pk, 0),
    ]
    assert [row.share for row in results] == [100, 100, 0]
    with pytest.raises(ActionError):
        do_reveal_voting(actor=host, workshop=voting_workshop)


def test_voting_on_themes(voting_workshop, host, ideas, anna):
    theme = theme_in(voting_workshop)
    do_open_voting(actor=host, workshop=voting_workshop, target="themes")
    do_cast_vote(actor=anna, workshop=voting_workshop, item_id=theme.pk)
    with pytest.raises(ActionError) as refused:  # ids name themes in a theme round
        do_cast_vote(actor=anna, workshop=voting_workshop, item_id=theme.pk + 1000)
    assert refused.value.code == "not_found"
    revealed = do_reveal_voting(actor=host, workshop=voting_workshop)
    assert [(row.item.kind, row.dots) for row in revealed_results(revealed)] == [("theme", 1)]
