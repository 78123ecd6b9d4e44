"""The phase machine on its own: moves, and who may do what in which phase."""

from datetime import timedelta

import pytest

from workshops import phases
from workshops.phases import Phase, Role


def test_phases_run_in_workshop_order():
    assert list(phases.ORDER) == [
        Phase.LOBBY,
        Phase.KNOWLEDGE,
        Phase.IDEAS,
        Phase.CLUSTERING,
        Phase.VOTING,
        Phase.REFINEMENT,
        Phase.CLOSED,
    ]


@pytest.mark.parametrize(
    ("current", "target", "confirm"),
    [
        (Phase.LOBBY, Phase.KNOWLEDGE, False),
        (Phase.IDEAS, Phase.CLUSTERING, False),
        (Phase.IDEAS, Phase.KNOWLEDGE, True),  # back one: confirm
        (Phase.KNOWLEDGE, Phase.CLOSED, True),  # close from anywhere: confirm
    ],
)
def test_allowed_moves(current, target, confirm):
    move = phases.check_move(current, target)
    assert move is not None
    assert move.target is target
    assert move.needs_confirmation is confirm


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Phase.LOBBY, Phase.IDEAS),  # skipping ahead
        (Phase.VOTING, Phase.KNOWLEDGE),  # back two
        (Phase.IDEAS, Phase.IDEAS),
        (Phase.CLOSED, Phase.REFINEMENT),  # closed stays closed
        (Phase.CLOSED, Phase.CLOSED),
    ],
)
def test_refused_moves(current, target):
    assert phases.check_move(current, target) is None


PARTICIPANT_MATRIX = {
    # verb: the phases in which a participant may use it
    "card.add_existing": {Phase.KNOWLEDGE},
    "idea.submit": {Phase.IDEAS},
    "idea.edit": {Phase.IDEAS},
    "idea.delete": {Phase.IDEAS},
    "vote.cast": {Phase.VOTING},
    "initiative.edit": {Phase.REFINEMENT},
    "phase.change": set(),
    "card.hide": set(),
    "participant.remove": set(),
    "participant.readmit": set(),
    "timer.start": set(),
}


@pytest.mark.parametrize("verb", sorted(PARTICIPANT_MATRIX))
@pytest.mark.parametrize("phase", list(Phase))
def test_participant_matrix(verb, phase):
    assert phases.allows(phase, verb, Role.PARTICIPANT) is (phase in PARTICIPANT_MATRIX[verb])


@pytest.mark.parametrize(
    "verb",
    ["phase.change", "timer.start", "card.hide", "participant.remove", "participant.readmit"],
)
@pytest.mark.parametrize("phase", list(Phase))
def test_facilitator_controls_every_phase_but_closed(verb, phase):
    assert phases.allows(phase, verb, Role.FACILITATOR) is (phase is not Phase.CLOSED)


def test_facilitator_does_not_post_ideas_for_participants():
    assert not phases.allows(Phase.IDEAS, "idea.submit", Role.FACILITATOR)


def test_draft_grace_after_moving_on():
    after = {"previous_phase": Phase.IDEAS}
    assert phases.allows(
        Phase.CLUSTERING,
        "idea.submit",
        Role.PARTICIPANT,
        since_change=timedelta(seconds=5),
        **after,
    )
    assert not phases.allows(
        Phase.CLUSTERING,
        "idea.submit",
        Role.PARTICIPANT,
        since_change=phases.DRAFT_GRACE + timedelta(seconds=1),
        **after,
    )
    # Only drafts get grace, and closing ends everything.
    assert not phases.allows(
        Phase.CLUSTERING,
        "idea.delete",
        Role.PARTICIPANT,
        since_change=timedelta(seconds=5),
        **after,
    )
    assert not phases.allows(
        Phase.CLOSED, "idea.submit", Role.PARTICIPANT, since_change=timedelta(seconds=5), **after
    )
