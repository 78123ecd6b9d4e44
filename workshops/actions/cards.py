"""Knowledge cards: the facilitator's facts and dialogue questions, and the existing
activities and experiences participants add."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import KnowledgeCard, Workshop
from workshops.text import clean_line, clean_text

CARD_TITLE_MAX = 140
CARD_BODY_MAX = 1000
FACILITATOR_KINDS = (KnowledgeCard.Kind.FACT, KnowledgeCard.Kind.QUESTION)


def check_card_text(*, title: str, body: str) -> None:
    if not body.strip():
        raise ActionError(_("Write something on the card."), field="body")
    if len(body) > CARD_BODY_MAX:
        raise ActionError(
            _("A card can hold at most %(max)d characters.") % {"max": CARD_BODY_MAX}, field="body"
        )
    if len(title) > CARD_TITLE_MAX:
        raise ActionError(
            _("A title can be at most %(max)d characters.") % {"max": CARD_TITLE_MAX},
            field="title",
        )


def do_create_card(
    *, actor: Actor, workshop: Workshop, kind: str, title: str = "", body: str
) -> KnowledgeCard:
    """A facilitator's briefing card (a fact or a dialogue question), before or during the day."""
    if kind not in FACILITATOR_KINDS:
        raise ActionError(_("Choose whether the card is a fact or a question."), field="kind")
    title, body = clean_line(title), clean_text(body)
    check_card_text(title=title, body=body)
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "card.create")
        card = KnowledgeCard.objects.create(workshop=workshop, kind=kind, title=title, body=body)
        record_event(workshop, "card.created", actor=actor, payload={"card_id": card.pk})
    return card


def do_add_existing_activity(
    *, actor: Actor, workshop: Workshop, title: str = "", body: str, client_key: uuid.UUID | None
) -> tuple[KnowledgeCard, bool]:
    """A participant's card about an activity or experience that already exists.

    Returns (card, created); a resent submission with the same client key returns the stored card.
    """
    title, body = clean_line(title), clean_text(body)
    check_card_text(title=title, body=body)
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "card.add_existing")
        if client_key is not None:
            existing = KnowledgeCard.objects.filter(
                author=actor.participant, client_key=client_key
            ).first()
            if existing:
                return existing, False
        card = KnowledgeCard.objects.create(
            workshop=workshop,
            kind=KnowledgeCard.Kind.EXISTING_ACTIVITY,
            title=title,
            body=body,
            author=actor.participant,
            client_key=client_key,
        )
        record_event(workshop, "card.created", actor=actor, payload={"card_id": card.pk})
    return card, True


def do_set_card_hidden(
    *, actor: Actor, workshop: Workshop, card_id: int, hidden: bool
) -> KnowledgeCard:
    """Moderation: hide a card from participants and the projector, or show it again."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "card.hide" if hidden else "card.unhide")
        card = KnowledgeCard.objects.filter(workshop=workshop, pk=card_id).first()
        if card is None:
            raise ActionError(_("That card no longer exists."), code="not_found")
        if card.hidden != hidden:
            card.hidden = hidden
            card.save(update_fields=["hidden"])
            record_event(workshop, "card.changed", actor=actor, payload={"card_id": card.pk})
    return card
