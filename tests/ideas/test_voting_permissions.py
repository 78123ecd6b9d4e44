"""Who may use each voting verb in which phase: roles × phases before, during and after."""

import pytest

from ideas.actions import votes
from ideas.models import Vote
from tests.ideas.flow_helpers import DENIED, add_ideas, open_round_directly, roles
from workshops.actions.base import ActionError

pytestmark = pytest.mark.django_db

ROLES = [
    "facilitator",
    "other_facilitator",
    "participant",
    "other_workshop_participant",
    "removed_participant",
]
# phase -> is it the voting phase ("during")?
PHASES = {"clustering": False, "voting": True, "refinement": False, "closed": False}
ALLOWED = {
    "voting.open": {"facilitator"},
    "voting.close": {"facilitator"},
    "voting.reveal": {"facilitator"},
    "vote.cast": {"participant"},
    "vote.retract": {"participant"},
}


def run(verb, actor, workshop, idea):
    if verb == "voting.open":
        return votes.do_open_voting(actor=actor, workshop=workshop, budget=3, max_per_item=2)
    if verb == "voting.close":
        return votes.do_close_voting(actor=actor, workshop=workshop)
    if verb == "voting.reveal":
        return votes.do_reveal_voting(actor=actor, workshop=workshop)
    if verb == "vote.cast":
        return votes.do_cast_vote(actor=actor, workshop=workshop, item_id=idea.pk)
    return votes.do_retract_vote(actor=actor, workshop=workshop, item_id=idea.pk)


@pytest.mark.parametrize("verb", list(ALLOWED))
@pytest.mark.parametrize("phase", list(PHASES))
@pytest.mark.parametrize("role", ROLES)
def test_voting_permission_matrix(workshop, facilitator, verb, phase, role):
    actor = roles(workshop, facilitator, phase)[role]
    idea = add_ideas(workshop, "Fællesspisning")[0]
    voting_round = open_round_directly(workshop)
    if verb == "vote.retract" and actor.participant is not None:
        Vote.objects.create(round=voting_round, participant=actor.participant, idea=idea, dots=1)
    if PHASES[phase] and role in ALLOWED[verb]:
        run(verb, actor, workshop, idea)  # allowed: goes through
        assert workshop.events.exists()
    else:
        with pytest.raises(ActionError) as refused:
            run(verb, actor, workshop, idea)
        assert refused.value.code in DENIED
        assert not workshop.events.filter(kind__startswith="vot").exists()
