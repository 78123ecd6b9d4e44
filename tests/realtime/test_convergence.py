"""Zulip's check, for screens: the screen at seq N plus the fragments of events N+1…M
equals a fresh render of the screen at M — for every audience."""

import uuid

import pytest
from django.utils import translation

from ideas.actions.ideas import do_delete_idea, do_edit_idea, do_set_idea_hidden, do_submit_idea
from realtime.fragments import AUDIENCES, render_event
from realtime.models import WorkshopEvent
from tests.conftest import join, set_phase
from tests.realtime.dom import apply, normalised, parse_screen
from workshops.actions.base import Actor
from workshops.actions.cards import do_add_existing_activity, do_create_card, do_set_card_hidden
from workshops.actions.participants import do_remove_participant
from workshops.actions.phase import do_start_timer
from workshops.models import Workshop
from workshops.screens import render_screen

pytestmark = pytest.mark.django_db


def screens_at_now(workshop_id):
    workshop = Workshop.objects.get(pk=workshop_id)
    return workshop.seq, {aud: render_screen(workshop, aud) for aud in AUDIENCES}


def replay(workshop_id, since, screens=None, docs=None):
    workshop = Workshop.objects.get(pk=workshop_id)
    docs = docs or {aud: parse_screen(html) for aud, html in screens.items()}
    for event in WorkshopEvent.objects.filter(workshop_id=workshop_id, seq__gt=since):
        for aud, doc in docs.items():
            apply(doc, render_event(event, workshop, aud))
    return docs


def assert_converges(workshop_id, since, old_screens):
    replayed = replay(workshop_id, since, old_screens)
    _seq, fresh = screens_at_now(workshop_id)
    for aud in AUDIENCES:
        assert normalised(replayed[aud]) == normalised(parse_screen(fresh[aud])), aud


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_idea_wall_converges(workshop, facilitator):
    set_phase(workshop, "ideas")
    host = Actor.for_facilitator(facilitator)
    anna = Actor.for_participant(join(workshop, "Anna")[0])
    bo_participant = join(workshop, "Bo")[0]
    bo = Actor.for_participant(bo_participant)
    first, _ = do_submit_idea(
        actor=anna, workshop=workshop, text="Første idé", client_key=uuid.uuid4()
    )
    since, old = screens_at_now(workshop.pk)

    second, _ = do_submit_idea(
        actor=bo, workshop=workshop, title="To", text="Anden idé", client_key=None
    )
    do_submit_idea(actor=anna, workshop=workshop, text="Tredje <idé>", client_key=uuid.uuid4())
    do_edit_idea(
        actor=anna, workshop=workshop, idea_id=first.pk, title="Rettet", text="Første idé, bedre"
    )
    do_set_idea_hidden(actor=host, workshop=workshop, idea_id=second.pk, hidden=True)
    doomed, _ = do_submit_idea(actor=bo, workshop=workshop, text="Slettes igen", client_key=None)
    do_delete_idea(actor=bo, workshop=workshop, idea_id=doomed.pk)
    do_start_timer(actor=host, workshop=workshop, seconds=300)
    join(workshop, "Cai")
    do_remove_participant(actor=host, workshop=workshop, participant_id=bo_participant.pk)

    assert_converges(workshop.pk, since, old)


def test_knowledge_cards_converge(workshop, facilitator):
    set_phase(workshop, "knowledge")
    host = Actor.for_facilitator(facilitator)
    anna = Actor.for_participant(join(workshop, "Anna")[0])
    do_create_card(
        actor=host, workshop=workshop, kind="fact", title="Tal", body="Hver tiende er ensom"
    )
    since, old = screens_at_now(workshop.pk)

    question = do_create_card(actor=host, workshop=workshop, kind="question", body="Hvor mødes I?")
    do_add_existing_activity(
        actor=anna, workshop=workshop, body="Strikkecafé om tirsdagen", client_key=uuid.uuid4()
    )
    do_set_card_hidden(actor=host, workshop=workshop, card_id=question.pk, hidden=True)

    assert_converges(workshop.pk, since, old)


def test_replaying_twice_changes_nothing(workshop, facilitator):
    set_phase(workshop, "ideas")
    anna = Actor.for_participant(join(workshop, "Anna")[0])
    since, old = screens_at_now(workshop.pk)
    do_submit_idea(actor=anna, workshop=workshop, text="Dobbelt leveret", client_key=uuid.uuid4())
    docs = replay(workshop.pk, since, old)
    once = {aud: normalised(doc) for aud, doc in docs.items()}
    replay(workshop.pk, since, docs=docs)  # the same frames delivered again
    for aud in AUDIENCES:
        assert normalised(docs[aud]) == once[aud]
        assert once[aud].count('<article id="idea-') == 1
