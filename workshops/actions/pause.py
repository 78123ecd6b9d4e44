"""The facilitator's pause: no new ideas, cards, topics or comments from phones for a while."""

from __future__ import annotations

from django.db import transaction

from realtime.events import record_event
from workshops.actions.base import Actor, check_verb, lock_workshop
from workshops.models import Workshop

PAUSED = "submissions.paused"
RESUMED = "submissions.resumed"


def do_set_submissions_paused(*, actor: Actor, workshop: Workshop, paused: bool) -> Workshop:
    """Pause or resume submissions. While paused the phase machine refuses the pausable verbs
    (workshops/phases.py PAUSABLE_VERBS) with a message that says so; every screen shows the
    state at once. Pausing twice changes nothing and publishes nothing."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "submissions.pause" if paused else "submissions.resume")
        if workshop.submissions_paused != paused:
            workshop.submissions_paused = paused
            Workshop.objects.filter(pk=workshop.pk).update(submissions_paused=paused)
            record_event(workshop, PAUSED if paused else RESUMED, actor=actor)
    return workshop
