"""Who may use each Open Space verb in which phase: role × phase for every verb."""

import uuid
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.conftest import join, make_workshop, set_phase
from workshops.actions import spaces
from workshops.actions.base import ActionError, Actor
from workshops.models import Participant, Space, SpaceLocation, SpaceSlot

pytestmark = pytest.mark.django_db

PHASES = ("lobby", "knowledge", "ideas", "clustering", "voting", "closed")
FACILITATOR_PHASES = {"lobby", "knowledge", "ideas", "clustering", "voting"}
NOBODY: set[str] = set()

# verb: (phases where the facilitator may, phases where a participant may)
EXPECTED = {
    "space.configure": (FACILITATOR_PHASES, NOBODY),
    "space.arrange": (FACILITATOR_PHASES, NOBODY),
    "space.propose": (NOBODY, {"ideas"}),
    "space.place": (NOBODY, {"ideas"}),
    "space.join": (NOBODY, {"ideas"}),
    "space.leave": (NOBODY, {"ideas"}),
    "space.report": (NOBODY, {"ideas", "clustering"}),
}


@pytest.fixture
def world(workshop, facilitator, other_facilitator):
    workshop.use_spaces = True
    workshop.save(update_fields=["use_spaces"])
    anna, _ = join(workshop, "Anna")
    removed, _ = join(workshop, "Gone")
    Participant.objects.filter(pk=removed.pk).update(removed_at=timezone.now())
    removed.refresh_from_db()
    elsewhere = make_workshop(other_facilitator, title="Andet", use_spaces=True)
    stranger, _ = join(elsewhere, "Stranger")
    location = SpaceLocation.objects.create(workshop=workshop, name="Bord 1")
    slot = SpaceSlot.objects.create(workshop=workshop, label="10:00")
    space = Space.objects.create(workshop=workshop, topic="Spisevenner", host=anna)
    Participant.objects.filter(pk=anna.pk).update(space=space)
    anna.refresh_from_db()
    return SimpleNamespace(
        workshop=workshop,
        space=space,
        location=location,
        slot=slot,
        actors={
            "facilitator": Actor.for_facilitator(facilitator),
            "other facilitator": Actor.for_facilitator(other_facilitator),
            "participant": Actor.for_participant(anna),
            "removed participant": Actor.for_participant(removed),
            "other workshop's participant": Actor.for_participant(stranger),
        },
    )


def attempt(verb, actor, w):
    if verb == "space.configure":
        spaces.do_configure_spaces(actor=actor, workshop=w.workshop, op="add_location", name="B")
    elif verb == "space.arrange":
        spaces.do_arrange_spaces(
            actor=actor,
            workshop=w.workshop,
            op="move",
            space_id=w.space.pk,
            location_id=w.location.pk,
            slot_id=w.slot.pk,
        )
    elif verb == "space.propose":
        spaces.do_propose_space(
            actor=actor, workshop=w.workshop, topic="Gåture", client_key=uuid.uuid4()
        )
    elif verb == "space.place":
        spaces.do_place_space(
            actor=actor,
            workshop=w.workshop,
            space_id=w.space.pk,
            location_id=w.location.pk,
            slot_id=w.slot.pk,
        )
    elif verb == "space.join":
        spaces.do_join_space(actor=actor, workshop=w.workshop, space_id=w.space.pk)
    elif verb == "space.leave":
        spaces.do_leave_space(actor=actor, workshop=w.workshop)
    elif verb == "space.report":
        spaces.do_report_space(
            actor=actor, workshop=w.workshop, space_id=w.space.pk, key_points="Mad samler"
        )


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("verb", sorted(EXPECTED))
def test_permission_matrix(world, verb, phase):
    set_phase(world.workshop, phase)
    facilitator_phases, participant_phases = EXPECTED[verb]
    for role, actor in world.actors.items():
        if role == "facilitator":
            allowed = phase in facilitator_phases
        elif role == "participant":
            allowed = phase in participant_phases
        else:
            allowed = False
        try:
            attempt(verb, actor, world)
        except ActionError as refused:
            assert not allowed, f"{role} refused {verb} in {phase}: {refused.message}"
            assert refused.code in {"forbidden", "wrong_phase", "closed"}, (role, refused.code)
        else:
            assert allowed, f"{role} could {verb} in {phase}"
