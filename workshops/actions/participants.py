"""The people in a workshop: removal by the facilitator, and who is connected right now."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import Participant, Workshop


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


def do_readmit_participant(*, actor: Actor, workshop: Workshop, participant_id: int) -> Participant:
    """Undo a removal: the participant is back as they were (their phone's cookie works
    again), and the device they joined from may join again."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "participant.readmit")
        participant = Participant.objects.filter(workshop=workshop, pk=participant_id).first()
        if participant is None:
            raise ActionError(_("That participant is not in this workshop."), code="not_found")
        if participant.removed_at is not None:
            participant.removed_at = None
            participant.save(update_fields=["removed_at"])
            record_event(
                workshop,
                "participant.readmitted",
                actor=actor,
                payload={"participant_id": participant.pk},
            )
    return participant


def do_record_presence(*, changes: dict[int, int]) -> None:
    """Sockets opened (+) and closed (-) per participant since one process's last flush
    (realtime/presence.py). No event: who is connected is a counter, not a step of the log."""
    by_delta: dict[int, list[int]] = defaultdict(list)
    for participant_id, delta in changes.items():
        by_delta[delta].append(participant_id)
    now = timezone.now()
    with transaction.atomic():
        for delta, ids in by_delta.items():
            Participant.objects.filter(pk__in=ids).update(
                connections=Greatest(F("connections") + delta, Value(0)), last_seen=now
            )


def do_touch_participants(*, participant_ids: Iterable[int]) -> None:
    """Heartbeats: note that these participants are still here (one write for all)."""
    ids = list(participant_ids)
    if ids:
        Participant.objects.filter(pk__in=ids).update(last_seen=timezone.now())
