"""Reads about a person's data: what they contributed (their download), and how long it is kept."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from workshops.models import KnowledgeCard, Participant, Space

DOWNLOAD_FORMAT = "samskab.my-contributions"


def retention_days() -> int:
    """Days after a workshop closes before its personal data is erased; 0: until staff do."""
    return max(0, settings.PERSONAL_DATA_RETENTION_DAYS)


def contribution_counts(participant: Participant) -> dict[str, int]:
    from ideas.models import Idea, InitiativeComment, Vote

    return {
        "ideas": Idea.objects.filter(author=participant).count(),
        "cards": KnowledgeCard.objects.filter(author=participant).count(),
        "comments": InitiativeComment.objects.filter(author=participant).count(),
        "topics": Space.objects.filter(host=participant).count(),
        "dots": sum(Vote.objects.filter(participant=participant).values_list("dots", flat=True)),
    }


def _when(value) -> str | None:
    return value.isoformat() if value else None


def my_contributions(participant: Participant) -> dict[str, Any]:
    """Everything stored about `participant` and everything they contributed, as JSON-ready
    data for their own download (never anyone else's)."""
    from ideas.models import Idea, InitiativeComment, Vote

    workshop = participant.workshop
    ideas = Idea.objects.filter(author=participant).select_related("theme").order_by("pk")
    votes = Vote.objects.filter(participant=participant, dots__gt=0).select_related(
        "round", "idea", "theme"
    )
    return {
        "format": DOWNLOAD_FORMAT,
        "downloaded_at": timezone.now().isoformat(),
        "workshop": {
            "title": workshop.title,
            "question": workshop.question,
            "join_code": workshop.join_code,
            "closed_at": _when(workshop.closed_at),
        },
        "you": {
            "name": participant.display_name,
            "anonymous": participant.anonymous,
            "role": participant.role,
            "organisation": participant.organisation.name if participant.organisation else None,
            "joined_at": _when(participant.joined_at),
            "last_seen": _when(participant.last_seen),
            "name_erased_at": _when(participant.erased_at),
        },
        "ideas": [
            {
                "title": idea.title,
                "text": idea.text,
                "theme": idea.theme.name if idea.theme else None,
                "suggested_theme": idea.suggested_theme,
                "hidden_by_facilitator": idea.hidden,
                "created_at": _when(idea.created_at),
                "updated_at": _when(idea.updated_at),
            }
            for idea in ideas
        ],
        "cards": [
            {
                "title": card.title,
                "text": card.body,
                "kind": card.kind,
                "created_at": _when(card.created_at),
            }
            for card in KnowledgeCard.objects.filter(author=participant).order_by("pk")
        ],
        "topics_hosted": [
            {
                "topic": space.topic,
                "key_points": space.report_key_points,
                "who": space.report_who,
                "next_step": space.report_next_step,
                "created_at": _when(space.created_at),
            }
            for space in Space.objects.filter(host=participant).order_by("pk")
        ],
        "comments": [
            {
                "initiative": comment.initiative.title,
                "text": comment.text,
                "created_at": _when(comment.created_at),
            }
            for comment in InitiativeComment.objects.filter(author=participant)
            .select_related("initiative")
            .order_by("pk")
        ],
        "dots": [
            {
                "round": vote.round.number,
                "on": (vote.idea.title or vote.idea.text[:80]) if vote.idea else vote.theme.name,
                "dots": vote.dots,
            }
            for vote in votes.order_by("round__number", "pk")
        ],
        "initiative_groups": [
            initiative.title for initiative in participant.initiative_groups.order_by("pk")
        ],
    }
