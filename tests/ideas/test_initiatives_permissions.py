"""Who may use each refinement verb in which phase: roles × phases before, during and after."""

import pytest

from ideas.actions import initiatives
from tests.ideas.flow_helpers import DENIED, add_ideas, initiative_in, roles
from workshops.actions.base import ActionError

pytestmark = pytest.mark.django_db

ROLES = [
    "facilitator",
    "other_facilitator",
    "participant",
    "other_workshop_participant",
    "removed_participant",
]
PHASES = {"voting": False, "refinement": True, "closed": False}
ALLOWED = {
    "initiative.promote": {"facilitator"},
    "initiative.join": {"participant"},
    "initiative.edit": {"facilitator", "participant"},
    "initiative.comment": {"facilitator", "participant"},
}


def run(verb, actor, workshop, initiative, idea):
    if verb == "initiative.promote":
        return initiatives.do_promote(actor=actor, workshop=workshop, idea_ids=[idea.pk])
    if verb == "initiative.join":
        return initiatives.do_join_initiative(
            actor=actor, workshop=workshop, initiative_id=initiative.pk
        )
    if verb == "initiative.edit":
        return initiatives.do_edit_initiative(
            actor=actor,
            workshop=workshop,
            initiative_id=initiative.pk,
            field="purpose",
            value="Flere mødes",
            version=0,
        )
    return initiatives.do_comment_initiative(
        actor=actor, workshop=workshop, initiative_id=initiative.pk, text="God idé"
    )


@pytest.mark.parametrize("verb", list(ALLOWED))
@pytest.mark.parametrize("phase", list(PHASES))
@pytest.mark.parametrize("role", ROLES)
def test_refinement_permission_matrix(workshop, facilitator, verb, phase, role):
    actor = roles(workshop, facilitator, phase)[role]
    idea = add_ideas(workshop, "Fællesspisning")[0]
    initiative = initiative_in(workshop)
    if actor.participant is not None and verb != "initiative.join":
        initiative.members.add(actor.participant)  # membership is not what is being tested
    if PHASES[phase] and role in ALLOWED[verb]:
        run(verb, actor, workshop, initiative, idea)
        assert workshop.events.filter(kind__startswith="initiative.").exists()
    else:
        with pytest.raises(ActionError) as refused:
            run(verb, actor, workshop, initiative, idea)
        assert refused.value.code in DENIED
        assert not workshop.events.filter(kind__startswith="initiative.").exists()
