"""Moving a workshop through its phases, and the phase timer."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from realtime.events import record_event
from workshops import phases
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import Workshop

TIMER_MAX = timedelta(hours=3)


def check_change_phase(workshop: Workshop, actor: Actor, target: str, confirmed: bool):
    check_verb(workshop, actor, "phase.change")
    if target not in {phase.value for phase in phases.Phase}:
        raise ActionError(_("Unknown phase."), field="phase")
    move = phases.check_move(workshop.phase, target, workshop.phases_used)
    if move is None:
        raise ActionError(
            _("The workshop cannot move from %(current)s to %(target)s.")
            % {
                "current": phases.Phase(workshop.phase).label,
                "target": phases.Phase(target).label,
            },
            field="phase",
        )
    if move.needs_confirmation and not confirmed:
        raise ActionError(
            _("Please confirm: move to %(target)s?") % {"target": move.target.label},
            code="needs_confirmation",
        )
    return move


def do_change_phase(
    *, actor: Actor, workshop: Workshop, target: str, confirmed: bool = False
) -> Workshop:
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        move = check_change_phase(workshop, actor, target, confirmed)
        now = timezone.now()
        workshop.previous_phase = workshop.phase
        workshop.phase = move.target
        workshop.phase_changed_at = now
        workshop.phase_ends_at = None  # a timer belongs to the phase it was started in
        if move.target is phases.Phase.CLOSED:
            workshop.closed_at = now
        workshop.save(
            update_fields=[
                "previous_phase",
                "phase",
                "phase_changed_at",
                "phase_ends_at",
                "closed_at",
            ]
        )
        record_event(
            workshop,
            "phase.changed",
            actor=actor,
            payload={"from": workshop.previous_phase, "to": workshop.phase},
        )
    return workshop


def _check_duration(seconds: int) -> timedelta:
    if seconds <= 0:
        raise ActionError(_("Give the timer a positive number of minutes."), field="minutes")
    duration = timedelta(seconds=seconds)
    if duration > TIMER_MAX:
        raise ActionError(_("A timer can run for at most three hours."), field="minutes")
    return duration


def _set_timer(*, actor: Actor, workshop: Workshop, verb: str, seconds: int | None) -> Workshop:
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, verb)
        now = timezone.now()
        if verb == "timer.start":
            workshop.phase_ends_at = now + _check_duration(seconds or 0)
        elif verb == "timer.extend":
            duration = _check_duration(seconds or 0)
            base = max(workshop.phase_ends_at or now, now)
            if base + duration - now > TIMER_MAX:
                raise ActionError(_("A timer can run for at most three hours."), field="minutes")
            workshop.phase_ends_at = base + duration
        else:
            workshop.phase_ends_at = None
        workshop.save(update_fields=["phase_ends_at"])
        record_event(
            workshop,
            "timer.changed",
            actor=actor,
            payload={
                "ends_at": workshop.phase_ends_at.isoformat() if workshop.phase_ends_at else None
            },
        )
    return workshop


def do_start_timer(*, actor: Actor, workshop: Workshop, seconds: int) -> Workshop:
    return _set_timer(actor=actor, workshop=workshop, verb="timer.start", seconds=seconds)


def do_extend_timer(*, actor: Actor, workshop: Workshop, seconds: int) -> Workshop:
    return _set_timer(actor=actor, workshop=workshop, verb="timer.extend", seconds=seconds)


def do_stop_timer(*, actor: Actor, workshop: Workshop) -> Workshop:
    return _set_timer(actor=actor, workshop=workshop, verb="timer.stop", seconds=None)
