"""Open Space actions: proposing, placing, arranging, joining, moving, leaving, reporting."""

import uuid

import pytest

from ideas.actions.ideas import do_submit_idea
from ideas.models import Idea
from realtime.models import WorkshopEvent
from tests.conftest import join, set_phase
from workshops.actions import spaces
from workshops.actions.base import ActionError, Actor
from workshops.models import Space, SpaceLocation, SpaceSlot
from workshops.screens import render_screen

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_space(workshop, facilitator):
    """An Open Space workshop in the idea phase with two places and two time slots."""
    workshop.use_spaces = True
    workshop.save(update_fields=["use_spaces"])
    set_phase(workshop, "ideas")
    boss = Actor.for_facilitator(facilitator)
    for name in ("Bord 1", "Bord 2"):
        spaces.do_configure_spaces(actor=boss, workshop=workshop, op="add_location", name=name)
    for label in ("10:00", "11:00"):
        spaces.do_configure_spaces(actor=boss, workshop=workshop, op="add_slot", name=label)
    return workshop


def cells(workshop):
    locations = list(SpaceLocation.objects.filter(workshop=workshop))
    slots = list(SpaceSlot.objects.filter(workshop=workshop))
    return locations, slots


def propose(workshop, participant, topic="Spisevenner"):
    space, _created = spaces.do_propose_space(
        actor=Actor.for_participant(participant),
        workshop=workshop,
        topic=topic,
        client_key=uuid.uuid4(),
    )
    return space


def test_configure_adds_renames_and_deletes(open_space, facilitator):
    boss = Actor.for_facilitator(facilitator)
    locations, slots = cells(open_space)
    assert [loc.name for loc in locations] == ["Bord 1", "Bord 2"]
    assert [slot.label for slot in slots] == ["10:00", "11:00"]
    spaces.do_configure_spaces(
        actor=boss,
        workshop=open_space,
        op="rename_location",
        name="Biblioteket",
        location_id=locations[0].pk,
    )
    assert SpaceLocation.objects.get(pk=locations[0].pk).name == "Biblioteket"
    with pytest.raises(ActionError) as refused:
        spaces.do_configure_spaces(actor=boss, workshop=open_space, op="add_slot", name="  ")
    assert refused.value.field == "name"
    with pytest.raises(ActionError):
        spaces.do_configure_spaces(actor=boss, workshop=open_space, op="explode")


def test_deleting_a_place_unplaces_its_topics(open_space, facilitator):
    anna, _ = join(open_space, "Anna")
    space = propose(open_space, anna)
    locations, slots = cells(open_space)
    spaces.do_place_space(
        actor=Actor.for_participant(anna),
        workshop=open_space,
        space_id=space.pk,
        location_id=locations[0].pk,
        slot_id=slots[0].pk,
    )
    spaces.do_configure_spaces(
        actor=Actor.for_facilitator(facilitator),
        workshop=open_space,
        op="delete_location",
        location_id=locations[0].pk,
    )
    space.refresh_from_db()
    assert space.location_id is None and space.slot_id is None


def test_propose_is_idempotent_and_makes_the_proposer_host(open_space):
    anna, _ = join(open_space, "Anna")
    key = uuid.uuid4()
    actor = Actor.for_participant(anna)
    first, created = spaces.do_propose_space(
        actor=actor, workshop=open_space, topic=" Spisevenner ", client_key=key
    )
    again, created_again = spaces.do_propose_space(
        actor=actor, workshop=open_space, topic="Spisevenner", client_key=key
    )
    assert created and not created_again and first.pk == again.pk
    assert first.host_id == anna.pk and first.topic == "Spisevenner"
    assert Space.objects.count() == 1
    assert WorkshopEvent.objects.filter(kind="space.proposed").count() == 1
    with pytest.raises(ActionError) as refused:
        spaces.do_propose_space(actor=actor, workshop=open_space, topic="", client_key=None)
    assert refused.value.field == "topic"


def test_propose_needs_spaces_switched_on(workshop):
    set_phase(workshop, "ideas")
    anna, _ = join(workshop, "Anna")
    with pytest.raises(ActionError) as refused:
        propose(workshop, anna)
    assert refused.value.code == "no_spaces"


def test_host_places_topic_in_a_free_cell_and_a_taken_cell_is_refused(open_space):
    anna, _ = join(open_space, "Anna")
    bo, _ = join(open_space, "Bo")
    first, second = propose(open_space, anna, "Spisevenner"), propose(open_space, bo, "Gåture")
    locations, slots = cells(open_space)
    spaces.do_place_space(
        actor=Actor.for_participant(anna),
        workshop=open_space,
        space_id=first.pk,
        location_id=locations[0].pk,
        slot_id=slots[0].pk,
    )
    with pytest.raises(ActionError) as refused:
        spaces.do_place_space(
            actor=Actor.for_participant(bo),
            workshop=open_space,
            space_id=second.pk,
            location_id=locations[0].pk,
            slot_id=slots[0].pk,
        )
    assert refused.value.code == "taken"
    assert "Spisevenner" in str(refused.value.message)
    with pytest.raises(ActionError) as not_host:
        spaces.do_place_space(
            actor=Actor.for_participant(bo),
            workshop=open_space,
            space_id=first.pk,
            location_id=locations[1].pk,
            slot_id=slots[1].pk,
        )
    assert not_host.value.code == "forbidden"
    spaces.do_place_space(
        actor=Actor.for_participant(bo),
        workshop=open_space,
        space_id=second.pk,
        location_id=locations[1].pk,
        slot_id=slots[0].pk,
    )
    second.refresh_from_db()
    assert (second.location_id, second.slot_id) == (locations[1].pk, slots[0].pk)


def test_facilitator_moves_and_merges_topics(open_space, facilitator):
    boss = Actor.for_facilitator(facilitator)
    anna, _ = join(open_space, "Anna")
    bo, _ = join(open_space, "Bo")
    first, second = propose(open_space, anna, "Spisevenner"), propose(open_space, bo, "Madklub")
    locations, slots = cells(open_space)
    spaces.do_arrange_spaces(
        actor=boss,
        workshop=open_space,
        op="move",
        space_id=first.pk,
        location_id=locations[1].pk,
        slot_id=slots[1].pk,
    )
    first.refresh_from_db()
    assert (first.location_id, first.slot_id) == (locations[1].pk, slots[1].pk)
    # People and ideas of the merged topic move over; its report is kept.
    spaces.do_join_space(actor=Actor.for_participant(bo), workshop=open_space, space_id=second.pk)
    bo.refresh_from_db()
    idea, _ = do_submit_idea(
        actor=Actor.for_participant(bo),
        workshop=open_space,
        text="Fælles madlavning",
        client_key=None,
    )
    assert idea.space_id == second.pk
    spaces.do_report_space(
        actor=Actor.for_participant(bo),
        workshop=open_space,
        space_id=second.pk,
        key_points="Mad samler",
    )
    kept = spaces.do_arrange_spaces(
        actor=boss, workshop=open_space, op="merge", space_id=second.pk, into_id=first.pk
    )
    assert kept.pk == first.pk
    assert not Space.objects.filter(pk=second.pk).exists()
    assert Idea.objects.get(pk=idea.pk).space_id == first.pk
    bo.refresh_from_db()
    assert bo.space_id == first.pk
    assert "Mad samler" in Space.objects.get(pk=first.pk).report_key_points
    with pytest.raises(ActionError):
        spaces.do_arrange_spaces(
            actor=boss, workshop=open_space, op="merge", space_id=first.pk, into_id=first.pk
        )


def test_join_move_and_leave(open_space):
    anna, _ = join(open_space, "Anna")
    bo, _ = join(open_space, "Bo")
    first, second = propose(open_space, anna, "Spisevenner"), propose(open_space, anna, "Gåture")
    actor = Actor.for_participant(bo)
    spaces.do_join_space(actor=actor, workshop=open_space, space_id=first.pk)
    bo.refresh_from_db()
    assert bo.space_id == first.pk
    spaces.do_join_space(actor=Actor.for_participant(bo), workshop=open_space, space_id=second.pk)
    bo.refresh_from_db()
    assert bo.space_id == second.pk  # joining another one is moving
    moved = WorkshopEvent.objects.filter(kind="space.joined").last()
    assert moved.payload == {
        "participant_id": bo.pk,
        "space_id": second.pk,
        "from_space_id": first.pk,
    }
    # Joining where you already are records nothing.
    count = WorkshopEvent.objects.count()
    spaces.do_join_space(actor=Actor.for_participant(bo), workshop=open_space, space_id=second.pk)
    assert WorkshopEvent.objects.count() == count
    spaces.do_leave_space(actor=Actor.for_participant(bo), workshop=open_space)
    bo.refresh_from_db()
    assert bo.space_id is None
    idea, _ = do_submit_idea(
        actor=Actor.for_participant(bo), workshop=open_space, text="Uden rum", client_key=None
    )
    assert idea.space_id is None


def test_report_by_host_or_someone_present_only(open_space):
    anna, _ = join(open_space, "Anna")
    bo, _ = join(open_space, "Bo")
    cai, _ = join(open_space, "Cai")
    space = propose(open_space, anna)
    spaces.do_report_space(
        actor=Actor.for_participant(anna),
        workshop=open_space,
        space_id=space.pk,
        key_points="Fællesspisning hver torsdag",
        who="Ældresagen",
        next_step="Find et køkken",
    )
    with pytest.raises(ActionError) as refused:
        spaces.do_report_space(
            actor=Actor.for_participant(cai),
            workshop=open_space,
            space_id=space.pk,
            key_points="Noget andet",
        )
    assert refused.value.code == "forbidden"
    spaces.do_join_space(actor=Actor.for_participant(bo), workshop=open_space, space_id=space.pk)
    bo.refresh_from_db()
    set_phase(open_space, "clustering")  # reports may still be written while clustering
    spaces.do_report_space(
        actor=Actor.for_participant(bo),
        workshop=open_space,
        space_id=space.pk,
        key_points="Fællesspisning hver torsdag",
        who="Ældresagen og FDF",
        next_step="Køkken",
    )
    space.refresh_from_db()
    assert space.report_who == "Ældresagen og FDF"
    with pytest.raises(ActionError) as empty:
        spaces.do_report_space(
            actor=Actor.for_participant(bo), workshop=open_space, space_id=space.pk, key_points=""
        )
    assert empty.value.field == "key_points"


def test_screens_render_the_agenda_wall_and_topics(open_space):
    anna, _ = join(open_space, "Anna <i>")
    bo, _ = join(open_space, "Bo")
    space = propose(open_space, anna, "Spise <b>venner</b>")
    locations, slots = cells(open_space)
    spaces.do_place_space(
        actor=Actor.for_participant(anna),
        workshop=open_space,
        space_id=space.pk,
        location_id=locations[0].pk,
        slot_id=slots[1].pk,
    )
    propose(open_space, bo, "Gåture")
    spaces.do_join_space(actor=Actor.for_participant(bo), workshop=open_space, space_id=space.pk)
    projector = render_screen(open_space, "projector")
    assert 'id="agenda"' in projector and "Bord 1" in projector and "11:00" in projector
    assert "Spise &lt;b&gt;venner&lt;/b&gt;" in projector and "<b>venner" not in projector
    assert "Gåture" in projector  # listed as not on the wall yet
    phone = render_screen(open_space, "participant")
    people = phone.split(f'id="space-{space.pk}-people"')[1].split("</div>")[0]
    assert "<li>Bo</li>" in people  # by name only: no participant id in shared HTML
    assert "data-member" not in phone and "data-host" not in phone
    assert 'data-verb="space.join"' in phone and 'data-verb="space.propose"' in phone
    assert "Anna &lt;i&gt;" in phone
    console = render_screen(open_space, "facilitator")
    assert 'id="space-setup"' in console and 'data-verb="space.arrange"' in console


def test_plain_idea_wall_without_spaces(workshop):
    set_phase(workshop, "ideas")
    phone = render_screen(workshop, "participant")
    assert 'id="spaces"' not in phone and 'data-verb="space.propose"' not in phone
