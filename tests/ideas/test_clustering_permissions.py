"""Who may use each clustering verb in which phase: role × phase for every verb."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from ideas.actions import suggestions, themes
from ideas.models import Idea, Theme
from realtime.models import WorkshopEvent
from tests.conftest import join, make_workshop, set_phase
from workshops.actions.base import ActionError, Actor
from workshops.models import Participant

pytestmark = pytest.mark.django_db

PHASES = ("lobby", "knowledge", "ideas", "clustering", "voting", "refinement", "closed")
BEFORE_CLOSED = set(PHASES) - {"closed"}
NOBODY: set[str] = set()

# verb: (phases where the facilitator may, phases where a participant may)
EXPECTED = {
    "theme.manage": (BEFORE_CLOSED, NOBODY),
    "idea.move": (BEFORE_CLOSED, NOBODY),
    "theme.suggest": ({"clustering"}, NOBODY),
    "idea.suggest_theme": (NOBODY, {"clustering"}),
}


@pytest.fixture
def world(workshop, facilitator, other_facilitator):
    anna, _ = join(workshop, "Anna")
    removed, _ = join(workshop, "Gone")
    Participant.objects.filter(pk=removed.pk).update(removed_at=timezone.now())
    removed.refresh_from_db()
    elsewhere = make_workshop(other_facilitator, title="Andet")
    stranger, _ = join(elsewhere, "Stranger")
    theme = Theme.objects.create(workshop=workshop, name="Mad")
    idea = Idea.objects.create(workshop=workshop, author=anna, text="Fællesspisning")
    return SimpleNamespace(
        workshop=workshop,
        theme=theme,
        idea=idea,
        actors={
            "facilitator": Actor.for_facilitator(facilitator),
            "other facilitator": Actor.for_facilitator(other_facilitator),
            "participant": Actor.for_participant(anna),
            "removed participant": Actor.for_participant(removed),
            "other workshop's participant": Actor.for_participant(stranger),
        },
    )


def attempt(verb, actor, w, run):
    if verb == "theme.manage":
        themes.do_manage_theme(actor=actor, workshop=w.workshop, op="create", name=f"Tema {run}")
    elif verb == "idea.move":
        themes.do_move_idea(
            actor=actor, workshop=w.workshop, idea_id=w.idea.pk, theme_id=w.theme.pk
        )
    elif verb == "theme.suggest":
        suggestions.do_suggest_groups(actor=actor, workshop=w.workshop)
    elif verb == "idea.suggest_theme":
        themes.do_suggest_idea_theme(
            actor=actor, workshop=w.workshop, idea_id=w.idea.pk, name=f"Tema {run}"
        )


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("verb", sorted(EXPECTED))
def test_permission_matrix(world, verb, phase):
    set_phase(world.workshop, phase)
    facilitator_phases, participant_phases = EXPECTED[verb]
    for run, (role, actor) in enumerate(world.actors.items()):
        if role == "facilitator":
            allowed = phase in facilitator_phases
        elif role == "participant":
            allowed = phase in participant_phases
        else:
            allowed = False
        try:
            attempt(verb, actor, world, run)
        except ActionError as refused:
            assert not allowed, f"{role} refused {verb} in {phase}: {refused.message}"
            assert refused.code in {"forbidden", "wrong_phase", "closed"}, (role, refused.code)
        else:
            assert allowed, f"{role} could {verb} in {phase}"


@pytest.mark.parametrize("op", ["accept", "ignore", "undo"])
def test_suggestion_decisions_are_the_facilitators_in_clustering_only(world, op):
    set_phase(world.workshop, "clustering")
    Idea.objects.create(workshop=world.workshop, author=None, text="Fællesspisning i hallen")
    boss = world.actors["facilitator"]
    made = suggestions.do_suggest_groups(actor=boss, workshop=world.workshop)
    run = WorkshopEvent.objects.filter(kind="theme.suggested").last()
    key = made[0]["key"]
    if op == "undo":
        suggestions.do_accept_suggestion(
            actor=boss, workshop=world.workshop, suggestion_seq=run.seq, key=key
        )
        accepted = WorkshopEvent.objects.filter(kind="theme.suggestion_accepted").last()

    def decide(actor):
        if op == "undo":
            suggestions.do_undo_suggestion(
                actor=actor, workshop=world.workshop, accepted_seq=accepted.seq
            )
        elif op == "accept":
            suggestions.do_accept_suggestion(
                actor=actor, workshop=world.workshop, suggestion_seq=run.seq, key=key
            )
        else:
            suggestions.do_ignore_suggestion(
                actor=actor, workshop=world.workshop, suggestion_seq=run.seq, key=key
            )

    for role, actor in world.actors.items():
        if role == "facilitator":
            continue
        with pytest.raises(ActionError) as refused:
            decide(actor)
        assert refused.value.code in {"forbidden", "wrong_phase"}
    set_phase(world.workshop, "voting")
    with pytest.raises(ActionError) as too_late:
        decide(boss)
    assert too_late.value.code == "wrong_phase"
    set_phase(world.workshop, "clustering")
    decide(boss)
