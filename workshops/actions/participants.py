"""The people in a workshop: removal by the facilitator, and who is connected right now."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import Participant, Workshop
from workshops.selectors import connected_ids

# A heartbeat refreshes last_seen at most this often, to keep writes down.
TOUCH_INTERVAL = timedelta(seconds=30)


def do_remove_participant(*, actor: Actor, workshop: Workshop, participant_id: int) -> Participant:
    """Moderation: the participant loses access at once; what they posted stays."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "participant.remove")
        participant = Participant.objects.filter(workshop=workshop, pk=participant_id).first()
        if participant is None:
            raise ActionError(_("That participant is not in this workshop."), code="not_found")
        if participant.removed_at is None:
            participant.removed_at = timezone.now()
            participant.save(update_fields=["removed_at"])
            record_event(
                workshop,
                "participant.removed",
                actor=actor,
                payload={"participant_id": participant.pk},
            )
    return participant


def do_change_connections(*, participant_id: int, delta: int) -> None:
    """A participant's socket opened (+1) or closed (-1). Screens are told only when the set of
    connected people changes, so reconnect storms don't flood the log."""
    with transaction.atomic():
        participant = Participant.objects.select_related("workshop").get(pk=participant_id)
        workshop = lock_workshop(participant.workshop_id)
        before = connected_ids(workshop)
        Participant.objects.filter(pk=participant_id).update(
            connections=F("connections") + delta if delta > 0 else _decrement(),
            last_seen=timezone.now(),
        )
        if connected_ids(workshop) != before:
            record_event(
                workshop,
                "presence.changed",
                actor=None,
                payload={"participant_id": participant_id},
            )


def _decrement():
    return Case(When(connections__gt=0, then=F("connections") - 1), default=Value(0))


def do_touch(*, participant_id: int) -> None:
    """Heartbeat: note that the participant is still here (rate-limited, no event)."""
    now = timezone.now()
    Participant.objects.filter(pk=participant_id, last_seen__lt=now - TOUCH_INTERVAL).update(
        last_seen=now
    )
