"""Recording events: the one place where a workshop's sequence moves on."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from realtime import fragments
from realtime.models import WorkshopEvent
from workshops.actions.base import Actor
from workshops.models import Workshop


def record_event(
    workshop: Workshop, kind: str, *, actor: Actor | None, payload: dict[str, Any] | None = None
) -> WorkshopEvent:
    """Append an event and publish it once the surrounding transaction commits.

    Call inside `transaction.atomic()` with `workshop` fetched by `lock_workshop`, so that
    sequence numbers are gap-free and in commit order. A rolled-back write publishes nothing.
    Events that only move a counter (a dot cast, someone joined) are logged without a seq:
    screens are not sent one frame per dot, but the counter's state a few times a second.
    """
    quiet = fragments.counter_of(kind) is not None
    if not quiet:
        workshop.seq += 1
        Workshop.objects.filter(pk=workshop.pk).update(seq=workshop.seq)
    event = WorkshopEvent.objects.create(
        workshop=workshop,
        seq=None if quiet else workshop.seq,
        kind=kind,
        payload=payload or {},
        client_key=(payload or {}).get("client_key"),
        **(actor.event_fields() if actor else {}),
    )
    from realtime.publisher import publish_after_commit

    transaction.on_commit(lambda: publish_after_commit(event))
    return event


def record_quiet_events(
    workshop: Workshop, events: list[tuple[str, Actor | None, dict[str, Any]]]
) -> list[WorkshopEvent]:
    """Append many counter events (no seq: see `record_event`) in one write, each published
    once the surrounding transaction commits."""
    if any(fragments.counter_of(kind) is None for kind, _actor, _payload in events):
        raise ValueError("only counter events can be recorded together")
    created = WorkshopEvent.objects.bulk_create(
        WorkshopEvent(
            workshop=workshop,
            seq=None,
            kind=kind,
            payload=payload,
            client_key=payload.get("client_key"),
            **(actor.event_fields() if actor else {}),
        )
        for kind, actor, payload in events
    )
    from realtime.publisher import publish_after_commit

    for event in created:
        transaction.on_commit(lambda event=event: publish_after_commit(event))
    return created
