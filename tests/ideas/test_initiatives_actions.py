"""Promoting to initiatives, joining groups, editing fields with versions, commenting."""

import uuid

import pytest

from ideas.actions.initiatives import (
    StaleEdit,
    do_comment_initiative,
    do_edit_initiative,
    do_join_initiative,
    do_promote,
)
from ideas.models import InitiativeComment
from tests.conftest import join, set_phase
from tests.ideas.flow_helpers import add_ideas, initiative_in, theme_in
from workshops.actions.base import ActionError, Actor
from workshops.models import Organisation, StrategicGoal, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(workshop):
    anna, _ = join(workshop, "Anna")
    bo, _ = join(workshop, "Bo")
    set_phase(workshop, "refinement")
    return Actor.for_participant(anna), Actor.for_participant(bo)


@pytest.fixture
def host(facilitator):
    return Actor.for_facilitator(facilitator)


def edit(workshop, actor, initiative, field, value, version):
    return do_edit_initiative(
        actor=actor,
        workshop=workshop,
        initiative_id=initiative.pk,
        field=field,
        value=value,
        version=version,
    )


def test_promote_one_idea_several_or_a_theme(workshop, people, host):
    first, second, third = add_ideas(workshop, "Fællesspisning", "Madklub", "Gå-hold")
    theme = theme_in(workshop, "Bevægelse")
    third.theme = theme
    third.save()
    one = do_promote(actor=host, workshop=workshop, idea_ids=[first.pk])
    merged = do_promote(
        actor=host, workshop=workshop, idea_ids=[first.pk, second.pk], title="Mad sammen"
    )
    whole = do_promote(actor=host, workshop=workshop, theme_id=theme.pk)
    assert [i.reference for i in (one, merged, whole)] == ["1", "2", "3"]
    assert one.title == "Fællesspisning"
    assert set(merged.ideas.all()) == {first, second} and merged.title == "Mad sammen"
    assert (
        whole.theme == theme and list(whole.ideas.all()) == [third] and whole.title == "Bevægelse"
    )
    assert workshop.events.filter(kind="initiative.promoted").count() == 3


def test_promote_needs_something_that_exists(workshop, people, host):
    with pytest.raises(ActionError):
        do_promote(actor=host, workshop=workshop, idea_ids=[])
    with pytest.raises(ActionError):
        do_promote(actor=host, workshop=workshop, idea_ids=[999999])
    hidden = add_ideas(workshop, "Skjult")[0]
    hidden.hidden = True
    hidden.save()
    with pytest.raises(ActionError):
        do_promote(actor=host, workshop=workshop, idea_ids=[hidden.pk])


def test_joining_a_group_leaves_the_other(workshop, people):
    anna, _bo = people
    first, second = initiative_in(workshop), initiative_in(workshop, reference="2")
    do_join_initiative(actor=anna, workshop=workshop, initiative_id=first.pk)
    do_join_initiative(actor=anna, workshop=workshop, initiative_id=second.pk)
    assert list(first.members.all()) == [] and list(second.members.all()) == [anna.participant]
    event = workshop.events.last()
    assert event.payload["left_ids"] == [first.pk]
    seq = Workshop.objects.get(pk=workshop.pk).seq
    do_join_initiative(actor=anna, workshop=workshop, initiative_id=second.pk)  # already there
    assert Workshop.objects.get(pk=workshop.pk).seq == seq


def test_edit_bumps_the_field_version_and_names_the_editor(workshop, people, host):
    anna, _bo = people
    initiative = initiative_in(workshop)
    initiative.members.add(anna.participant)
    edited, changed = edit(workshop, anna, initiative, "purpose", "Færre ensomme", 0)
    assert changed
    assert (edited.purpose, edited.field_versions, edited.field_editors) == (
        "Færre ensomme",
        {"purpose": 1},
        {"purpose": "Anna"},
    )
    edited, _ = edit(workshop, host, initiative, "purpose", "Færre ensomme ældre", 1)
    assert edited.field_versions["purpose"] == 2 and edited.field_editors["purpose"] == "fac"


def test_stale_edit_is_refused_with_the_current_text(workshop, people):
    anna, bo = people
    initiative = initiative_in(workshop)
    initiative.members.add(anna.participant, bo.participant)
    edit(workshop, anna, initiative, "intervention", "Annas tekst", 0)
    with pytest.raises(StaleEdit) as refused:
        edit(workshop, bo, initiative, "intervention", "Bos tekst", 0)
    assert refused.value.code == "stale"
    assert refused.value.submitted == "Bos tekst"
    assert refused.value.initiative.intervention == "Annas tekst"
    assert "Anna" in str(refused.value.message)
    initiative.refresh_from_db()
    assert initiative.intervention == "Annas tekst"
    # Bo merges from the current version and saves.
    edit(workshop, bo, initiative, "intervention", "Annas tekst. Bos tekst", 1)
    initiative.refresh_from_db()
    assert initiative.intervention == "Annas tekst. Bos tekst"
    assert initiative.field_editors["intervention"] == "Bo"


def test_resent_edit_is_not_a_conflict(workshop, people):
    anna, _bo = people
    initiative = initiative_in(workshop)
    initiative.members.add(anna.participant)
    edit(workshop, anna, initiative, "example", "Torsdagsspisning", 0)
    again, changed = edit(workshop, anna, initiative, "example", "Torsdagsspisning", 0)
    assert not changed and again.field_versions["example"] == 1


def test_only_members_edit(workshop, people):
    anna, _bo = people
    initiative = initiative_in(workshop)
    with pytest.raises(ActionError) as refused:
        edit(workshop, anna, initiative, "purpose", "x", 0)
    assert refused.value.code == "not_member"


def test_structured_fields(workshop, people, host):
    initiative = initiative_in(workshop)
    goal = StrategicGoal.objects.create(number=3, title="Fællesskab for alle")
    club = Organisation.objects.create(name="Ældre Sagen")
    edit(workshop, host, initiative, "strategic_goal", str(goal.pk), 0)
    edit(workshop, host, initiative, "actors", str(club.pk), 0)
    edit(workshop, host, initiative, "start", "2025-03-01", 0)
    with pytest.raises(ActionError):
        edit(workshop, host, initiative, "end", "2025-02-01", 0)  # before the start
    with pytest.raises(ActionError):
        edit(workshop, host, initiative, "end", "not a date", 0)
    with pytest.raises(ActionError):
        edit(workshop, host, initiative, "strategic_goal", "999999", 1)
    with pytest.raises(ActionError):
        edit(workshop, host, initiative, "title", "   ", 0)
    with pytest.raises(ActionError):
        edit(workshop, host, initiative, "status", "done", 0)  # not a refinement field
    initiative.refresh_from_db()
    assert initiative.strategic_goal == goal and list(initiative.actors.all()) == [club]
    assert str(initiative.start) == "2025-03-01"


def test_comment_is_stored_once_per_key(workshop, people, host):
    anna, _bo = people
    initiative = initiative_in(workshop)
    key = uuid.uuid4()
    first, created = do_comment_initiative(
        actor=anna, workshop=workshop, initiative_id=initiative.pk, text="God idé", client_key=key
    )
    again, created_again = do_comment_initiative(
        actor=anna, workshop=workshop, initiative_id=initiative.pk, text="God idé", client_key=key
    )
    assert created and not created_again and first == again
    do_comment_initiative(
        actor=host, workshop=workshop, initiative_id=initiative.pk, text="Tak", client_key=key
    )
    assert InitiativeComment.objects.count() == 2
    with pytest.raises(ActionError):
        do_comment_initiative(actor=anna, workshop=workshop, initiative_id=initiative.pk, text="  ")
