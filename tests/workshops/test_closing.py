"""Closing a workshop: phones show a thank-you (and the catalogue once it is published), and
nothing can change any more."""

import uuid

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from ideas.actions import initiatives, votes
from ideas.models import Idea, Initiative, PublishedCatalogue
from realtime.verbs import known_verbs
from tests.conftest import join, open_screen, set_phase
from tests.ideas.flow_helpers import add_ideas, initiative_in, open_round_directly
from workshops import phases
from workshops.actions.base import ActionError, Actor, check_verb
from workshops.actions.phase import do_change_phase
from workshops.models import Workshop
from workshops.screens import render_screen


@pytest.fixture
def closed_workshop(workshop, facilitator):
    """A workshop with an idea, a round and an initiative, closed by its facilitator."""
    anna, _token = join(workshop, "Anna")
    set_phase(workshop, "refinement")
    idea = add_ideas(workshop, "Fællesspisning", author=anna)[0]
    open_round_directly(workshop)
    initiative = initiative_in(workshop)
    initiative.members.add(anna)
    do_change_phase(
        actor=Actor.for_facilitator(facilitator), workshop=workshop, target="closed", confirmed=True
    )
    workshop.refresh_from_db()
    return workshop, anna, idea, initiative


@pytest.mark.django_db
def test_every_verb_is_refused_once_closed(closed_workshop, facilitator):
    workshop, anna, _idea, _initiative = closed_workshop
    assert workshop.closed_at is not None
    everything = known_verbs() | phases.FACILITATOR_ALWAYS
    for phase_verbs in (
        *phases.PARTICIPANT_VERBS.values(),
        *phases.FACILITATOR_PHASE_VERBS.values(),
    ):
        everything |= phase_verbs
    # A person's rights over their data outlast the workshop (README, "Personal data").
    privacy = phases.PARTICIPANT_PRIVACY_VERBS | phases.FACILITATOR_PRIVACY_VERBS
    for actor in (Actor.for_facilitator(facilitator), Actor.for_participant(anna)):
        for verb in sorted(everything - privacy):
            with pytest.raises(ActionError) as refused:
                check_verb(workshop, actor, verb)
            assert refused.value.code == "closed", verb
    check_verb(workshop, Actor.for_participant(anna), "privacy.forget_name")
    check_verb(workshop, Actor.for_facilitator(facilitator), "participant.erase")


@pytest.mark.django_db
def test_voting_and_refinement_actions_change_nothing_once_closed(closed_workshop, facilitator):
    workshop, anna, idea, initiative = closed_workshop
    host, member = Actor.for_facilitator(facilitator), Actor.for_participant(anna)
    seq = workshop.seq
    attempts = [
        lambda: votes.do_open_voting(actor=host, workshop=workshop),
        lambda: votes.do_close_voting(actor=host, workshop=workshop),
        lambda: votes.do_reveal_voting(actor=host, workshop=workshop),
        lambda: votes.do_cast_vote(actor=member, workshop=workshop, item_id=idea.pk),
        lambda: votes.do_retract_vote(actor=member, workshop=workshop, item_id=idea.pk),
        lambda: initiatives.do_promote(actor=host, workshop=workshop, idea_ids=[idea.pk]),
        lambda: initiatives.do_join_initiative(
            actor=member, workshop=workshop, initiative_id=initiative.pk
        ),
        lambda: initiatives.do_edit_initiative(
            actor=member,
            workshop=workshop,
            initiative_id=initiative.pk,
            field="purpose",
            value="x",
            version=0,
        ),
        lambda: initiatives.do_edit_initiative(
            actor=host,
            workshop=workshop,
            initiative_id=initiative.pk,
            field="purpose",
            value="x",
            version=0,
        ),
        lambda: initiatives.do_comment_initiative(
            actor=host, workshop=workshop, initiative_id=initiative.pk, text="x"
        ),
        lambda: do_change_phase(actor=host, workshop=workshop, target="refinement", confirmed=True),
    ]
    for attempt in attempts:
        with pytest.raises(ActionError) as refused:
            attempt()
        assert refused.value.code == "closed"
    assert Workshop.objects.get(pk=workshop.pk).seq == seq
    assert Initiative.objects.get(pk=initiative.pk).purpose == ""


@pytest.mark.django_db
def test_closed_screen_links_the_published_catalogue(closed_workshop, facilitator):
    workshop, _anna, _idea, _initiative = closed_workshop
    screen = render_screen(workshop, "participant")
    assert 'id="closed-stage"' in screen and "/c/" not in screen
    assert "Spisevenner" in screen  # the initiatives of the day
    publication = PublishedCatalogue.objects.create(title="Katalog")
    publication.workshops.add(workshop)
    assert f'href="/c/{publication.token}/"' in render_screen(workshop, "participant")
    publication.unpublished_at = timezone.now()
    publication.save()
    assert f"/c/{publication.token}/" not in render_screen(workshop, "participant")


@database_sync_to_async
def prepare_live(workshop):
    _anna, token = join(workshop, "Anna")
    set_phase(workshop, "refinement")
    add_ideas(workshop, "Fællesspisning")
    return token


@database_sync_to_async
def idea_count(workshop):
    return Idea.objects.filter(workshop=workshop).count()


@pytest.mark.django_db(transaction=True)
async def test_closing_live_thanks_phones_and_refuses_their_changes(workshop, facilitator):
    token = await prepare_live(workshop)
    console, ok1, _ = await open_screen(workshop, "facilitator", user=facilitator)
    phone, ok2, _ = await open_screen(workshop, "participant", token=token)
    assert ok1 and ok2
    try:
        for screen in (console, phone):
            await screen.receive_until('id="screen"')
        await console.send("phase.change", phase="closed", confirmed="1")
        for screen in (console, phone):
            frame = await screen.receive_until('id="closed-stage"')
            assert 'data-phase="closed"' in frame
        key = uuid.uuid4()
        await phone.send("idea.submit", client_key=key, text="For sent")
        refused = await phone.receive_until('data-rt="error"')
        assert str(key) in refused
        assert await idea_count(workshop) == 1
    finally:
        await console.disconnect()
        await phone.disconnect()
