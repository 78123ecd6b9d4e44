"""How workshop events show on each screen."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from realtime import protocol
from realtime.fragments import (
    FACILITATOR,
    PARTICIPANT,
    renders,
    renders_counter,
    renders_personal,
)
from realtime.models import WorkshopEvent
from workshops.models import KnowledgeCard, Workshop
from workshops.screens import participants_context, render_region, render_screen
from workshops.selectors import active_participants, connected_count, connected_ids


@renders("phase.changed", "workshop.updated")
def whole_screen(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    return render_screen(workshop, audience)


@renders("timer.changed")
def timer(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    return render_region("workshops/regions/_timer.html", workshop, audience)


@renders("participant.removed", "participant.readmitted")
def removed(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """Rare: the count, the whole list (it may become empty again) and on the console the
    removed ones, who can be let back in."""
    if audience == PARTICIPANT:
        return ""  # phones don't show who is connected
    html = render_region("workshops/regions/_presence.html", workshop, audience)
    if audience != FACILITATOR:
        return html
    context = participants_context(workshop)
    return protocol.join(
        html,
        render_region("workshops/regions/_participants.html", workshop, audience, **context),
        render_region("workshops/regions/_removed.html", workshop, audience, **context),
    )


@renders_counter("presence", "participant.joined")
def presence(
    workshop: Workshop, audience: str, participant_ids: frozenset[int], memo: dict[str, Any]
) -> str:
    """People joined, connected or left: the count, and on the console the rows of just those
    people, so a room of phones connecting at once costs a few renders a second, not one each."""
    if audience == PARTICIPANT:
        return ""
    if "count" not in memo:
        memo["count"] = connected_count(workshop)
    html = render_to_string("workshops/regions/_presence.html", {"connected_count": memo["count"]})
    if audience != FACILITATOR or not participant_ids:
        return html
    if "people" not in memo:
        memo["people"] = list(active_participants(workshop).filter(pk__in=participant_ids))
        memo["connected"] = connected_ids(workshop) & participant_ids
    rows = [
        render_to_string(
            "workshops/regions/_participant.html",
            {"person": person, "workshop": workshop, "connected_ids": memo["connected"]},
        )
        for person in memo["people"]
    ]
    gone = participant_ids - {person.pk for person in memo["people"]}
    return protocol.join(
        html,
        *(protocol.remove(f"participant-{pk}") for pk in sorted(gone)),
        protocol.remove("participants-none") if rows else "",
        protocol.upsert("".join(rows), into="participants") if rows else "",
    )


@renders("card.created", "card.changed")
def card(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    card = KnowledgeCard.objects.filter(pk=event.payload.get("card_id")).first()
    dom_id = f"card-{event.payload.get('card_id')}"
    if card is None or (card.hidden and audience != FACILITATOR):
        return protocol.remove(dom_id)
    html = render_to_string(
        "workshops/_card.html", {"card": card, "audience": audience, "workshop": workshop}
    )
    return protocol.upsert(html, into=f"cards-{card.kind}")


@renders_personal("participant.removed")
def tell_removed(event: WorkshopEvent, workshop: Workshop) -> dict[int, str]:
    message = protocol.notice(_("The facilitator has removed you from this workshop."))
    return {event.payload["participant_id"]: protocol.join(message, protocol.reload())}
