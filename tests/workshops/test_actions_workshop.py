"""Creating workshops, moving phases and running the timer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_workshop
from workshops.actions.base import ActionError, Actor
from workshops.actions.phase import (
    do_change_phase,
    do_extend_timer,
    do_start_timer,
    do_stop_timer,
)
from workshops.codes import JOIN_CODE_ALPHABET, normalise_join_code
from workshops.models import Workshop
from workshops.selectors import open_workshop_by_code

pytestmark = pytest.mark.django_db


def test_join_code_avoids_look_alikes(workshop):
    assert len(workshop.join_code) == 6
    assert set(workshop.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set("01OIL25SZ8B") & set(JOIN_CODE_ALPHABET)


def test_join_codes_are_unique_among_open_workshops(facilitator, monkeypatch):
    first = make_workshop(facilitator)
    codes = iter([first.join_code, first.join_code, "QWERTY"])
    monkeypatch.setattr("workshops.actions.workshop.new_join_code", lambda: next(codes))
    second = make_workshop(facilitator)
    assert second.join_code == "QWERTY"


def test_a_closed_workshops_code_may_be_reused(facilitator, monkeypatch):
    first = make_workshop(facilitator)
    do_change_phase(
        actor=Actor.for_facilitator(facilitator), workshop=first, target="closed", confirmed=True
    )
    monkeypatch.setattr("workshops.actions.workshop.new_join_code", lambda: first.join_code)
    second = make_workshop(facilitator)
    assert second.join_code == first.join_code
    assert open_workshop_by_code(first.join_code.lower()) == second


def test_typed_codes_are_forgiving():
    assert normalise_join_code(" ab-c d9 ") == "ABCD9"


def test_creator_facilitates(workshop, facilitator):
    assert list(workshop.facilitators.all()) == [facilitator]


def test_workshop_settings_are_checked(facilitator):
    with pytest.raises(ActionError) as refused:
        make_workshop(facilitator, vote_budget=3, max_votes_per_idea=4)
    assert refused.value.field == "max_votes_per_idea"
    with pytest.raises(ActionError):
        make_workshop(facilitator, title="  ")


def test_phase_moves_forward_and_back_with_confirmation(workshop, facilitator):
    actor = Actor.for_facilitator(facilitator)
    workshop = do_change_phase(actor=actor, workshop=workshop, target="knowledge")
    assert workshop.phase == "knowledge"
    with pytest.raises(ActionError) as refused:
        do_change_phase(actor=actor, workshop=workshop, target="lobby")
    assert refused.value.code == "needs_confirmation"
    assert Workshop.objects.get(pk=workshop.pk).phase == "knowledge"
    workshop = do_change_phase(actor=actor, workshop=workshop, target="lobby", confirmed=True)
    assert workshop.phase == "lobby"
    assert workshop.events.filter(kind="phase.changed").count() == 2


def test_phase_cannot_skip(workshop, facilitator):
    with pytest.raises(ActionError):
        do_change_phase(
            actor=Actor.for_facilitator(facilitator), workshop=workshop, target="voting"
        )


def test_another_facilitator_cannot_drive_the_workshop(workshop, other_facilitator):
    with pytest.raises(ActionError) as refused:
        do_change_phase(
            actor=Actor.for_facilitator(other_facilitator), workshop=workshop, target="knowledge"
        )
    assert refused.value.code == "forbidden"


def test_closing_records_when_and_ends_everything(workshop, facilitator):
    actor = Actor.for_facilitator(facilitator)
    workshop = do_change_phase(actor=actor, workshop=workshop, target="closed", confirmed=True)
    assert workshop.closed_at is not None
    with pytest.raises(ActionError) as refused:
        do_start_timer(actor=actor, workshop=workshop, seconds=60)
    assert refused.value.code == "closed"


def test_timer_start_extend_stop(workshop, facilitator):
    actor = Actor.for_facilitator(facilitator)
    before = timezone.now()
    workshop = do_start_timer(actor=actor, workshop=workshop, seconds=600)
    assert (
        before + timedelta(seconds=599) < workshop.phase_ends_at < before + timedelta(seconds=605)
    )
    ends = workshop.phase_ends_at
    workshop = do_extend_timer(actor=actor, workshop=workshop, seconds=120)
    assert workshop.phase_ends_at == ends + timedelta(seconds=120)
    workshop = do_stop_timer(actor=actor, workshop=workshop)
    assert workshop.phase_ends_at is None
    assert workshop.events.filter(kind="timer.changed").count() == 3


@pytest.mark.parametrize("seconds", [0, -5, 4 * 3600])
def test_timer_durations_are_checked(workshop, facilitator, seconds):
    with pytest.raises(ActionError) as refused:
        do_start_timer(actor=Actor.for_facilitator(facilitator), workshop=workshop, seconds=seconds)
    assert refused.value.field == "minutes"


def test_changing_phase_stops_the_timer(workshop, facilitator):
    actor = Actor.for_facilitator(facilitator)
    do_start_timer(actor=actor, workshop=workshop, seconds=600)
    workshop = do_change_phase(actor=actor, workshop=workshop, target="knowledge")
    assert workshop.phase_ends_at is None
