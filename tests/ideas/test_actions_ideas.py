"""Posting, editing, deleting and hiding ideas; one submission per client key."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.actions.ideas import do_delete_idea, do_edit_idea, do_set_idea_hidden, do_submit_idea
from ideas.models import Idea
from tests.conftest import join, set_phase
from workshops.actions.base import ActionError, Actor
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def ideas_workshop(workshop):
    return set_phase(workshop, "ideas")


@pytest.fixture
def anna(ideas_workshop):
    return Actor.for_participant(join(ideas_workshop, "Anna")[0])


def submit(workshop, actor, text="Fællesspisning i hallen", key=None, **kwargs):
    return do_submit_idea(actor=actor, workshop=workshop, text=text, client_key=key, **kwargs)


def test_submit_stores_and_records(ideas_workshop, anna):
    idea, created = submit(ideas_workshop, anna, title="Mad", key=uuid.uuid4())
    assert created
    assert (idea.title, idea.text, idea.author) == (
        "Mad",
        "Fællesspisning i hallen",
        anna.participant,
    )
    event = ideas_workshop.events.last()
    assert (event.kind, event.payload) == ("idea.submitted", {"idea_id": idea.pk})


def test_resent_submission_is_stored_once(ideas_workshop, anna):
    key = uuid.uuid4()
    first, created = submit(ideas_workshop, anna, key=key)
    seq = Workshop.objects.get(pk=ideas_workshop.pk).seq
    again, created_again = submit(ideas_workshop, anna, key=key)
    assert created and not created_again
    assert again == first
    assert Idea.objects.count() == 1
    assert Workshop.objects.get(pk=ideas_workshop.pk).seq == seq  # nothing published twice


def test_same_key_from_two_people_is_two_ideas(ideas_workshop, anna):
    bo = Actor.for_participant(join(ideas_workshop, "Bo")[0])
    key = uuid.uuid4()
    submit(ideas_workshop, anna, key=key)
    submit(ideas_workshop, bo, key=key)
    assert Idea.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "title"), [("", ""), ("   ", ""), ("x" * 501, ""), ("ok", "t" * 121)]
)
def test_bad_ideas_are_refused_with_the_field(ideas_workshop, anna, text, title):
    with pytest.raises(ActionError) as refused:
        submit(ideas_workshop, anna, text=text, title=title)
    assert refused.value.field == ("title" if title else "text")
    assert not Idea.objects.exists()


def test_500_characters_is_fine(ideas_workshop, anna):
    idea, _ = submit(ideas_workshop, anna, text="x" * 500)
    assert len(idea.text) == 500


def test_ideas_only_in_the_idea_phase(workshop):
    anna = Actor.for_participant(join(workshop, "Anna")[0])
    with pytest.raises(ActionError) as refused:
        submit(workshop, anna)
    assert refused.value.code == "wrong_phase"


def test_a_draft_is_accepted_shortly_after_the_phase_moved_on(ideas_workshop, anna):
    Workshop.objects.filter(pk=ideas_workshop.pk).update(
        phase="clustering",
        previous_phase="ideas",
        phase_changed_at=timezone.now() - timedelta(seconds=10),
    )
    idea, created = submit(Workshop.objects.get(pk=ideas_workshop.pk), anna)
    assert created and idea.pk


def test_authors_edit_and_delete_only_their_own(ideas_workshop, anna):
    bo = Actor.for_participant(join(ideas_workshop, "Bo")[0])
    idea, _ = submit(ideas_workshop, anna)
    with pytest.raises(ActionError):
        do_edit_idea(actor=bo, workshop=ideas_workshop, idea_id=idea.pk, text="mine now")
    with pytest.raises(ActionError):
        do_delete_idea(actor=bo, workshop=ideas_workshop, idea_id=idea.pk)
    do_edit_idea(
        actor=anna, workshop=ideas_workshop, idea_id=idea.pk, title="Ny", text="Bedre tekst"
    )
    idea.refresh_from_db()
    assert (idea.title, idea.text) == ("Ny", "Bedre tekst")
    do_delete_idea(actor=anna, workshop=ideas_workshop, idea_id=idea.pk)
    assert not Idea.objects.exists()
    kinds = list(ideas_workshop.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["idea.edited", "idea.deleted"]


def test_facilitator_hides_and_shows(ideas_workshop, anna, facilitator):
    idea, _ = submit(ideas_workshop, anna)
    with pytest.raises(ActionError):
        do_set_idea_hidden(actor=anna, workshop=ideas_workshop, idea_id=idea.pk, hidden=True)
    do_set_idea_hidden(
        actor=Actor.for_facilitator(facilitator),
        workshop=ideas_workshop,
        idea_id=idea.pk,
        hidden=True,
    )
    assert Idea.objects.get(pk=idea.pk).hidden


def test_removed_participant_can_do_nothing(ideas_workshop, anna, facilitator):
    from workshops.actions.participants import do_remove_participant

    do_remove_participant(
        actor=Actor.for_facilitator(facilitator),
        workshop=ideas_workshop,
        participant_id=anna.participant.pk,
    )
    anna.participant.refresh_from_db()
    with pytest.raises(ActionError) as refused:
        submit(ideas_workshop, Actor.for_participant(anna.participant))
    assert refused.value.code == "forbidden"


def test_participant_of_another_workshop_is_refused(ideas_workshop, facilitator):
    from tests.conftest import make_workshop

    other = set_phase(make_workshop(facilitator), "ideas")
    stranger = Actor.for_participant(join(other, "Stranger")[0])
    with pytest.raises(ActionError) as refused:
        submit(ideas_workshop, stranger)
    assert refused.value.code == "forbidden"
