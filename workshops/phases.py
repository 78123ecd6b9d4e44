"""The phase machine: which phases exist, how to move between them, and who may do what in each.

Pure Python, no database: permission checks ask one question, `allows(phase, verb, role)`.
Phases change only when a facilitator says so; a timer never moves a phase by itself.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

# A participant's draft that was being typed when the facilitator moved on is still accepted
# for this long after the phase changed.
DRAFT_GRACE = timedelta(seconds=60)


class Phase(enum.StrEnum):
    LOBBY = "lobby"
    KNOWLEDGE = "knowledge"
    IDEAS = "ideas"
    CLUSTERING = "clustering"
    VOTING = "voting"
    REFINEMENT = "refinement"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[self])

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(phase.value, PHASE_LABELS[phase]) for phase in cls]


PHASE_LABELS = {
    Phase.LOBBY: _("Welcome"),
    Phase.KNOWLEDGE: _("Knowledge-building"),
    Phase.IDEAS: _("Ideas"),
    Phase.CLUSTERING: _("Clustering"),
    Phase.VOTING: _("Voting"),
    Phase.REFINEMENT: _("Refinement"),
    Phase.CLOSED: _("Closed"),
}

ORDER: tuple[Phase, ...] = tuple(Phase)


class Role(enum.StrEnum):
    """Who is acting, as far as permissions go (participant roles like 'volunteer' don't matter)."""

    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"


# Verbs a facilitator may use in every phase but CLOSED.
FACILITATOR_ALWAYS = frozenset(
    {
        "phase.change",
        "timer.start",
        "timer.extend",
        "timer.stop",
        "card.create",
        "card.hide",
        "card.unhide",
        "idea.hide",
        "idea.unhide",
        "participant.remove",
        "participant.readmit",
        "space.configure",
        "space.arrange",
        "theme.manage",
        "idea.move",
        "workshop.update",
        "submissions.pause",
        "submissions.resume",
    }
)

# Verbs that put something new in front of everyone. The facilitator's pause refuses them to
# participants (a flood, an off-topic run, a moment of quiet); editing, voting and moving
# about go on.
PAUSABLE_VERBS = frozenset(
    {"idea.submit", "card.add_existing", "space.propose", "initiative.comment"}
)

# What participants may do, phase by phase. Later phases add their verbs here.
PARTICIPANT_VERBS: dict[Phase, frozenset[str]] = {
    Phase.LOBBY: frozenset(),
    Phase.KNOWLEDGE: frozenset({"card.add_existing"}),
    Phase.IDEAS: frozenset(
        {
            "idea.submit",
            "idea.edit",
            "idea.delete",
            "space.propose",
            "space.place",
            "space.join",
            "space.leave",
            "space.report",
        }
    ),
    Phase.CLUSTERING: frozenset({"idea.suggest_theme", "space.report"}),
    Phase.VOTING: frozenset({"vote.cast", "vote.retract"}),
    Phase.REFINEMENT: frozenset({"initiative.join", "initiative.edit", "initiative.comment"}),
    Phase.CLOSED: frozenset(),
}

# Facilitator verbs that belong to one phase only.
FACILITATOR_PHASE_VERBS: dict[Phase, frozenset[str]] = {
    Phase.LOBBY: frozenset(),
    Phase.KNOWLEDGE: frozenset(),
    Phase.IDEAS: frozenset(),
    Phase.CLUSTERING: frozenset({"theme.suggest"}),
    Phase.VOTING: frozenset({"voting.open", "voting.close", "voting.reveal"}),
    Phase.REFINEMENT: frozenset(
        {"initiative.promote", "initiative.edit", "initiative.comment", "workshop.close"}
    ),
    Phase.CLOSED: frozenset(),
}

# Verbs whose unsent drafts survive a phase change for DRAFT_GRACE.
GRACE_VERBS = frozenset({"idea.submit", "card.add_existing", "space.report"})


# A person's rights over their own data do not depend on the phase, nor end with the
# workshop: these verbs are allowed in every phase, CLOSED included.
PARTICIPANT_PRIVACY_VERBS = frozenset({"privacy.forget_name", "privacy.delete_contributions"})
FACILITATOR_PRIVACY_VERBS = frozenset({"participant.erase"})


def verbs_for(phase: Phase | str, role: Role | str) -> frozenset[str]:
    phase = Phase(phase)
    if Role(role) is Role.FACILITATOR:
        if phase is Phase.CLOSED:
            return FACILITATOR_PRIVACY_VERBS
        return FACILITATOR_ALWAYS | FACILITATOR_PHASE_VERBS[phase] | FACILITATOR_PRIVACY_VERBS
    return PARTICIPANT_VERBS[phase] | PARTICIPANT_PRIVACY_VERBS


def participant_ever_allowed(verb: str) -> bool:
    """Is `verb` a participant's verb in some phase (as opposed to a facilitator's only)?"""
    return verb in PARTICIPANT_PRIVACY_VERBS or any(
        verb in verbs for verbs in PARTICIPANT_VERBS.values()
    )


def allows(
    phase: Phase | str,
    verb: str,
    role: Role | str,
    *,
    previous_phase: Phase | str | None = None,
    since_change: timedelta | None = None,
    paused: bool = False,
) -> bool:
    """Does `phase` allow `verb` for `role`? A draft verb of the previous phase stays allowed
    for a short grace period after the facilitator moved on. While submissions are `paused`,
    participants may not use the pausable verbs in any phase."""
    if paused and refused_by_pause(verb, role):
        return False
    if verb in verbs_for(phase, role):
        return True
    return bool(
        verb in GRACE_VERBS
        and previous_phase
        and Phase(phase) is not Phase.CLOSED
        and since_change is not None
        and since_change <= DRAFT_GRACE
        and verb in verbs_for(previous_phase, role)
    )


def refused_by_pause(verb: str, role: Role | str) -> bool:
    """Is `verb` one that a pause of submissions refuses to `role`?"""
    return Role(role) is Role.PARTICIPANT and verb in PAUSABLE_VERBS


@dataclass(frozen=True)
class Move:
    target: Phase
    needs_confirmation: bool


# The phases a meeting may leave out: every meeting starts in the lobby and ends closed.
OPTIONAL_PHASES: tuple[Phase, ...] = ORDER[1:-1]


def sequence(used: Iterable[Phase | str] | None = None) -> tuple[Phase, ...]:
    """The phases a meeting runs through, in the machine's order: the lobby, the phases it
    uses (all of them when `used` is empty or None), and CLOSED."""
    chosen = {Phase(phase) for phase in used or ()} & set(OPTIONAL_PHASES)
    if not chosen:
        return ORDER
    return tuple(phase for phase in ORDER if phase in chosen or phase not in OPTIONAL_PHASES)


def next_phase(phase: Phase | str, used: Iterable[Phase | str] | None = None) -> Phase | None:
    order = sequence(used)
    phase = Phase(phase)
    if phase not in order:  # a phase the meeting no longer uses: on to the next one it does
        return next((p for p in order if ORDER.index(p) > ORDER.index(phase)), None)
    index = order.index(phase)
    return order[index + 1] if index + 1 < len(order) else None


def previous_phase_of(
    phase: Phase | str, used: Iterable[Phase | str] | None = None
) -> Phase | None:
    order = sequence(used)
    phase = Phase(phase)
    if phase not in order:
        return next((p for p in reversed(order) if ORDER.index(p) < ORDER.index(phase)), None)
    index = order.index(phase)
    return order[index - 1] if index > 0 else None


def check_move(
    current: Phase | str, target: Phase | str, used: Iterable[Phase | str] | None = None
) -> Move | None:
    """The move from `current` to `target` if the machine allows it, else None.

    Allowed: forward one, back one (the caller must confirm), and to CLOSED from anywhere.
    "One" counts only the phases the meeting uses (`used`; all of them by default), so a
    refinement workshop goes from the lobby straight to refinement. A closed workshop stays
    closed.
    """
    current, target = Phase(current), Phase(target)
    if current is Phase.CLOSED or target is current:
        return None
    if target is Phase.CLOSED or target is next_phase(current, used):
        return Move(target, needs_confirmation=target is Phase.CLOSED)
    if target is previous_phase_of(current, used):
        return Move(target, needs_confirmation=True)
    return None
