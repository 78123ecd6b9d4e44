"""Phases per meeting: the phase machine moves through the phases a meeting uses, and no other."""

import pytest

from workshops import phases
from workshops.phases import Phase


def test_all_phases_when_a_meeting_names_none():
    assert phases.sequence([]) == phases.ORDER
    assert phases.sequence(None) == phases.ORDER


def test_a_knowledge_meeting_runs_knowledge_and_ideas_only():
    used = ["ideas", "knowledge"]  # any order: the machine's order wins
    assert phases.sequence(used) == (Phase.LOBBY, Phase.KNOWLEDGE, Phase.IDEAS, Phase.CLOSED)
    assert phases.next_phase(Phase.IDEAS, used) is Phase.CLOSED
    assert phases.check_move(Phase.IDEAS, Phase.CLUSTERING, used) is None
    assert phases.check_move(Phase.IDEAS, Phase.CLOSED, used).needs_confirmation


def test_a_refinement_workshop_goes_from_the_lobby_to_refinement():
    used = [Phase.REFINEMENT]
    move = phases.check_move(Phase.LOBBY, Phase.REFINEMENT, used)
    assert move is not None and not move.needs_confirmation
    assert phases.check_move(Phase.LOBBY, Phase.KNOWLEDGE, used) is None
    back = phases.check_move(Phase.REFINEMENT, Phase.LOBBY, used)
    assert back is not None and back.needs_confirmation
    assert phases.previous_phase_of(Phase.REFINEMENT, used) is Phase.LOBBY


def test_lobby_and_closed_cannot_be_left_out():
    assert phases.sequence(["lobby", "closed", "voting"]) == (
        Phase.LOBBY,
        Phase.VOTING,
        Phase.CLOSED,
    )


def test_a_meeting_in_a_phase_it_no_longer_uses_moves_on_to_the_next_it_does():
    used = ["knowledge", "refinement"]
    assert phases.next_phase(Phase.IDEAS, used) is Phase.REFINEMENT
    assert phases.previous_phase_of(Phase.IDEAS, used) is Phase.KNOWLEDGE


def test_an_unknown_phase_is_refused():
    with pytest.raises(ValueError):
        phases.sequence(["dancing"])


@pytest.mark.django_db
def test_the_console_offers_only_the_phases_the_workshop_uses(client, django_user_model):
    from workshops.actions.base import ActionError, Actor
    from workshops.actions.phase import do_change_phase
    from workshops.actions.workshop import do_create_workshop
    from workshops.screens import base_context

    user = django_user_model.objects.create_user("fac", password="pw")
    actor = Actor.for_facilitator(user)
    workshop = do_create_workshop(actor=actor, title="Refining", question="How?")
    workshop.phases_used = ["refinement"]
    workshop.save()
    assert base_context(workshop, "facilitator")["next_phase"] is Phase.REFINEMENT
    with pytest.raises(ActionError):
        do_change_phase(actor=actor, workshop=workshop, target="knowledge")
    workshop = do_change_phase(actor=actor, workshop=workshop, target="refinement")
    assert workshop.phase == "refinement"
    assert base_context(workshop, "facilitator")["next_phase"] is Phase.CLOSED
