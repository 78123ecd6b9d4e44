"""How workshop events show on each screen."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from realtime import protocol
from realtime.fragments import FACILITATOR, PARTICIPANT, renders, renders_personal
from realtime.models import WorkshopEvent
from workshops.models import KnowledgeCard, Workshop
from workshops.screens import participants_context, render_region, render_screen
from workshops.selectors import active_participants, connected_ids


@renders("phase.changed", "workshop.updated")
def whole_screen(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    return render_screen(workshop, audience)


@renders("timer.changed")
def timer(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    return render_region("workshops/regions/_timer.html", workshop, audience)


@renders("participant.joined", "participant.removed", "presence.changed")
def presence(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    if audience == PARTICIPANT:
        return ""  # phones don't show who is connected
    html = render_region("workshops/regions/_presence.html", workshop, audience)
    if audience != FACILITATOR:
        return html
    if event.kind == "participant.removed":
        # Rare: the whole list (it may become empty again).
        return protocol.join(
            html,
            render_region(
                "workshops/regions/_participants.html",
                workshop,
                audience,
                **participants_context(workshop),
            ),
        )
    # Joins and (dis)connections touch one person: only their row, so a room of phones
    # connecting at once costs one row each, not the whole list each.
    participant_id = event.payload.get("participant_id")
    person = active_participants(workshop).filter(pk=participant_id).first()
    if person is None:
        return protocol.join(html, protocol.remove(f"participant-{participant_id}"))
    row = render_to_string(
        "workshops/regions/_participant.html",
        {"person": person, "workshop": workshop, "connected_ids": connected_ids(workshop)},
    )
    return protocol.join(
        html, protocol.remove("participants-none"), protocol.upsert(row, into="participants")
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
