"""What every action shares: the actor, the typed error, authorisation and the workshop lock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops import phases
from workshops.models import Participant, Workshop

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


PAUSED_MESSAGE = _(
    "The facilitator has paused new submissions for a moment. Keep your text and send it "
    "when they resume."
)


class ActionError(Exception):
    """A refused action. `message` is translated and shown to the acting user only;
    `field` names the form field it belongs to, if any."""

    def __init__(self, message: Any, *, field: str = "", code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


@dataclass(frozen=True)
class Actor:
    """Who is acting: a participant (by their token) or a signed-in facilitator."""

    role: phases.Role
    participant: Participant | None = None
    user: AbstractBaseUser | None = None

    @classmethod
    def for_participant(cls, participant: Participant) -> Actor:
        return cls(role=phases.Role.PARTICIPANT, participant=participant)

    @classmethod
    def for_facilitator(cls, user: AbstractBaseUser) -> Actor:
        return cls(role=phases.Role.FACILITATOR, user=user)

    @property
    def is_facilitator(self) -> bool:
        return self.role is phases.Role.FACILITATOR

    def event_fields(self) -> dict[str, Any]:
        return {"actor_participant": self.participant, "actor_user": self.user}


def is_facilitator_of(user: AbstractBaseUser | None, workshop: Workshop) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or workshop.facilitators.filter(pk=user.pk).exists()


def check_actor_in_workshop(actor: Actor, workshop: Workshop) -> None:
    if actor.is_facilitator:
        if not is_facilitator_of(actor.user, workshop):
            raise ActionError(_("Only this workshop's facilitators can do that."), code="forbidden")
        return
    participant = actor.participant
    if participant is None or participant.workshop_id != workshop.pk:
        raise ActionError(_("You are not part of this workshop."), code="forbidden")
    if participant.removed_at is not None:
        raise ActionError(_("You have been removed from this workshop."), code="forbidden")


def check_verb(workshop: Workshop, actor: Actor, verb: str) -> None:
    """Refuse unless `actor` belongs to `workshop` and its current phase allows `verb`."""
    check_actor_in_workshop(actor, workshop)
    since_change = timezone.now() - workshop.phase_changed_at if workshop.phase_changed_at else None
    when = {"previous_phase": workshop.previous_phase or None, "since_change": since_change}
    if phases.allows(workshop.phase, verb, actor.role, paused=workshop.submissions_paused, **when):
        return
    if workshop.is_closed:
        raise ActionError(_("The workshop is closed."), code="closed")
    if workshop.submissions_paused and phases.allows(workshop.phase, verb, actor.role, **when):
        raise ActionError(PAUSED_MESSAGE, code="paused")
    if not actor.is_facilitator and not phases.participant_ever_allowed(verb):
        raise ActionError(_("Only the facilitator can do that."), code="forbidden")
    raise ActionError(
        _("That is not possible in the %(phase)s phase.")
        % {"phase": phases.Phase(workshop.phase).label},
        code="wrong_phase",
    )


def lock_workshop(workshop_id: int) -> Workshop:
    """Fetch the workshop row locked for this transaction: writes to one workshop queue here,
    which keeps its event sequence gap-free."""
    return Workshop.objects.select_for_update().get(pk=workshop_id)


def hold_workshop(workshop_id: int) -> Workshop:
    """Fetch the workshop row held against change (a phase move, new settings) but shared with
    other holders: for frequent actions that record only quiet events (dots, joins), which must
    see the phase and the round as they are at commit but need not queue behind each other.
    On PostgreSQL a FOR SHARE row lock (one read: Django's select_for_update has no shared
    mode); SQLite's write transactions serialise anyway."""
    if connection.vendor != "postgresql":
        return Workshop.objects.get(pk=workshop_id)
    table = connection.ops.quote_name(Workshop._meta.db_table)
    held = Workshop.objects.raw(f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [workshop_id])  # noqa: S608
    for workshop in held:
        return workshop
    raise Workshop.DoesNotExist


def lock_participants(ids: set[int]) -> dict[int, Participant]:
    """Several participants' rows locked for this transaction, in id order (so two batches
    never wait for each other crosswise), as of now."""
    rows = Participant.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {participant.pk: participant for participant in rows}
