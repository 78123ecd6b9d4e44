"""Reads for workshop screens: who is here, what is on the cards."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from workshops.codes import normalise_join_code
from workshops.models import KnowledgeCard, Organisation, Participant, Workshop

# A participant counts as connected while a socket is open and was heard from recently
# (a process that died cannot decrement its connections).
PRESENCE_WINDOW = timedelta(minutes=2)


def facilitated_workshops(user) -> QuerySet[Workshop]:
    """The workshops a signed-in user facilitates (all of them for a superuser)."""
    workshops = Workshop.objects.all()
    return workshops if user.is_superuser else workshops.filter(facilitators=user)


def open_workshop_by_code(code: str) -> Workshop | None:
    """The open workshop a typed code points to, or None."""
    code = normalise_join_code(code)
    if not code:
        return None
    return Workshop.objects.filter(join_code=code, closed_at__isnull=True).first()


def workshop_by_code(code: str) -> Workshop | None:
    """The newest workshop with this code, open or closed (closed ones stay readable)."""
    code = normalise_join_code(code)
    return Workshop.objects.filter(join_code=code).order_by("closed_at", "-created_at").first()


def participant_by_token(workshop: Workshop, token: str | None) -> Participant | None:
    if not token:
        return None
    return (
        Participant.objects.select_related("organisation")
        .filter(workshop=workshop, token_hash=Participant.hash_token(token), removed_at=None)
        .first()
    )


def active_participants(workshop: Workshop) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(workshop=workshop, removed_at=None)
        .select_related("organisation")
        .order_by("joined_at", "pk")
    )


def removed_participants(workshop: Workshop) -> QuerySet[Participant]:
    """Removed from the workshop, most recently removed first."""
    return (
        Participant.objects.filter(workshop=workshop, removed_at__isnull=False)
        .select_related("organisation")
        .order_by("-removed_at", "-pk")
    )


def connected_count(workshop: Workshop) -> int:
    since = timezone.now() - PRESENCE_WINDOW
    return active_participants(workshop).filter(connections__gt=0, last_seen__gte=since).count()


def connected_ids(workshop: Workshop) -> set[int]:
    since = timezone.now() - PRESENCE_WINDOW
    return set(
        active_participants(workshop)
        .filter(connections__gt=0, last_seen__gte=since)
        .values_list("pk", flat=True)
    )


def visible_cards(workshop: Workshop, *, include_hidden: bool) -> QuerySet[KnowledgeCard]:
    cards = KnowledgeCard.objects.filter(workshop=workshop).select_related("author")
    return cards if include_hidden else cards.filter(hidden=False)


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")
