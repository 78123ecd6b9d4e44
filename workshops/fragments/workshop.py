"""How workshop events show on each screen."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from realtime import protocol
from realtime.fragments import FACILITATOR, PARTICIPANT, renders, renders_personal
from realtime.models import WorkshopEvent
from workshops.models import KnowledgeCard, Workshop
from workshops.screens import participants_context, render_region, render_screen


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
    if audience == FACILITATOR:
        html = protocol.join(
            html,
            render_region(
                "workshops/regions/_participants.html",
                workshop,
                audience,
                **participants_context(workshop),
            ),
        )
    return html


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
