"""The facilitator's "pause submissions" switch: the phase machine refuses new ideas, cards,
topics and comments to phones while it is on, with a message that says so, and every screen
shows the state live (finding 4 of issue 8)."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async

from ideas.actions.ideas import do_edit_idea, do_submit_idea
from ideas.models import Idea
from tests.conftest import join, open_screen, set_phase
from workshops import phases
from workshops.actions.base import ActionError, Actor
from workshops.actions.cards import do_add_existing_activity
from workshops.actions.pause import do_set_submissions_paused
from workshops.models import Workshop


@pytest.mark.parametrize("verb", sorted(phases.PAUSABLE_VERBS))
def test_the_machine_refuses_pausable_verbs_to_participants_only(verb):
    phase = next(p for p in phases.Phase if verb in phases.PARTICIPANT_VERBS[p])
    assert phases.allows(phase, verb, phases.Role.PARTICIPANT)
    assert not phases.allows(phase, verb, phases.Role.PARTICIPANT, paused=True)


def test_a_pause_leaves_other_verbs_and_facilitators_alone():
    for verb in ("idea.edit", "idea.delete", "space.join"):
        assert phases.allows("ideas", verb, "participant", paused=True)
    assert phases.allows("voting", "vote.cast", "participant", paused=True)
    assert phases.allows("knowledge", "card.create", "facilitator", paused=True)
    assert phases.allows("ideas", "submissions.resume", "facilitator", paused=True)


@pytest.mark.django_db
def test_paused_ideas_are_refused_with_a_clear_message_and_resume_works(workshop, facilitator):
    host = Actor.for_facilitator(facilitator)
    anna, _token = join(workshop, "Anna")
    me = Actor.for_participant(anna)
    set_phase(workshop, "ideas")
    sent, _created = do_submit_idea(actor=me, workshop=workshop, text="Før pausen", client_key=None)

    do_set_submissions_paused(actor=host, workshop=workshop, paused=True)
    assert Workshop.objects.get(pk=workshop.pk).submissions_paused
    key = uuid.uuid4()
    with pytest.raises(ActionError) as refused:
        do_submit_idea(actor=me, workshop=workshop, text="Under pausen", client_key=key)
    assert refused.value.code == "paused"
    assert "paused new submissions" in str(refused.value.message)
    assert not Idea.objects.filter(text="Under pausen").exists()
    # Changing what is already there goes on.
    do_edit_idea(actor=me, workshop=workshop, idea_id=sent.pk, text="Før pausen, rettet")

    do_set_submissions_paused(actor=host, workshop=workshop, paused=False)
    idea, created = do_submit_idea(actor=me, workshop=workshop, text="Under pausen", client_key=key)
    assert created and idea.text == "Under pausen"


@pytest.mark.django_db
def test_a_pause_refuses_cards_too_but_a_wrong_phase_still_says_so(workshop, facilitator):
    anna, _token = join(workshop, "Anna")
    me = Actor.for_participant(anna)
    do_set_submissions_paused(
        actor=Actor.for_facilitator(facilitator), workshop=workshop, paused=True
    )
    set_phase(workshop, "knowledge")
    with pytest.raises(ActionError) as refused:
        do_add_existing_activity(actor=me, workshop=workshop, body="Strikkecafé", client_key=None)
    assert refused.value.code == "paused"
    set_phase(workshop, "voting")
    with pytest.raises(ActionError) as refused:
        do_submit_idea(actor=me, workshop=workshop, text="For sent", client_key=None)
    assert refused.value.code == "wrong_phase"


@pytest.mark.django_db
def test_only_this_workshops_facilitators_may_pause(workshop, other_facilitator):
    anna, _token = join(workshop, "Anna")
    for actor in (Actor.for_participant(anna), Actor.for_facilitator(other_facilitator)):
        with pytest.raises(ActionError) as refused:
            do_set_submissions_paused(actor=actor, workshop=workshop, paused=True)
        assert refused.value.code == "forbidden"
    assert not Workshop.objects.get(pk=workshop.pk).submissions_paused


@pytest.mark.django_db(transaction=True)
async def test_the_switch_and_the_notice_reach_every_screen_live(workshop, facilitator):
    await database_sync_to_async(set_phase)(workshop, "ideas")
    _anna, token = await database_sync_to_async(join)(workshop, "Anna")
    console, ok_console, _code = await open_screen(workshop, "facilitator", user=facilitator)
    phone, ok_phone, _code = await open_screen(workshop, "participant", token=token)
    assert ok_console and ok_phone
    assert 'data-verb="submissions.pause"' in await console.receive_until('id="screen"')
    await phone.receive_until('id="screen"')

    await console.send("submissions.pause")
    frame = await phone.receive_until('id="paused"')
    assert "paused new submissions" in frame
    assert 'data-verb="submissions.resume"' in await console.receive_until('id="pause-controls"')

    key = uuid.uuid4()
    await phone.send("idea.submit", client_key=key, text="Under pausen")
    error = await phone.receive_until('data-rt="error"')
    assert "paused new submissions" in error and str(key) in error

    await console.send("submissions.resume")
    frame = await phone.receive_until('id="paused"')
    assert "paused new submissions" not in frame
    await phone.send("idea.submit", client_key=key, text="Under pausen")
    assert str(key) in await phone.receive_until('data-rt="ack"')
    await console.disconnect()
    await phone.disconnect()
