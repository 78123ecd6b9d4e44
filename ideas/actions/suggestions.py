""" "Suggest groups": proposed themes from the words the unsorted ideas share, accepted in one
click or ignored; an accepted suggestion can be undone. What the undo needs (each idea's
previous theme and place) is kept in the acceptance event's payload."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ideas.actions.themes import append_to_column, create_theme
from ideas.board import ACCEPTED, IGNORED, SUGGESTED, UNDONE, latest_suggestions
from ideas.grouping import IdeaText, suggest_groups
from ideas.models import Idea, Theme
from realtime.events import record_event
from realtime.models import WorkshopEvent
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import Participant, Workshop


def do_suggest_groups(*, actor: Actor, workshop: Workshop) -> list[dict[str, Any]]:
    """Group the unsorted, visible ideas by shared words and show the groups to the facilitator.
    A new run replaces the open suggestions of the previous one."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "theme.suggest")
        ideas = Idea.objects.filter(workshop=workshop, theme=None, hidden=False).order_by(
            "created_at", "pk"
        )
        # Everyone's name, the removed and the anonymous too: a name is never a theme.
        names = Participant.objects.filter(workshop=workshop).values_list("display_name", flat=True)
        groups = suggest_groups(
            (IdeaText(idea.pk, f"{idea.title}\n{idea.text}") for idea in ideas),
            language=workshop.language,
            names=names,
        )
        suggestions = [
            {"key": str(number), "name": group.name[:100], "idea_ids": group.idea_ids}
            for number, group in enumerate(groups, start=1)
        ]
        record_event(workshop, SUGGESTED, actor=actor, payload={"suggestions": suggestions})
    return suggestions


def _open_suggestion(workshop: Workshop, suggestion_seq: int, key: str) -> dict[str, Any]:
    run, suggestions = latest_suggestions(workshop)
    item = next((s for s in suggestions if s["key"] == key), None)
    if run is None or run.seq != suggestion_seq or item is None or item["state"] != "pending":
        raise ActionError(_("That suggestion is no longer open."), code="stale")
    return item


def do_accept_suggestion(
    *, actor: Actor, workshop: Workshop, suggestion_seq: int, key: str
) -> Theme:
    """Create the suggested theme and move its ideas into it, in one step."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "theme.suggest")
        item = _open_suggestion(workshop, suggestion_seq, key)
        ideas = list(
            Idea.objects.filter(workshop=workshop, pk__in=item["idea_ids"], hidden=False).order_by(
                "created_at", "pk"
            )
        )
        if not ideas:
            raise ActionError(_("The ideas of that suggestion are gone."), code="stale")
        previous = {str(idea.pk): [idea.theme_id, idea.position] for idea in ideas}
        name = item["name"]
        if Theme.objects.filter(workshop=workshop, name__iexact=name).exists():
            name = f"{name} ({len(ideas)})"[:100]
        theme = create_theme(workshop, name)
        append_to_column(workshop, ideas, theme)
        record_event(
            workshop,
            ACCEPTED,
            actor=actor,
            payload={
                "suggestion_seq": suggestion_seq,
                "key": key,
                "theme_id": theme.pk,
                "previous": previous,
            },
        )
    return theme


def do_ignore_suggestion(
    *, actor: Actor, workshop: Workshop, suggestion_seq: int, key: str
) -> None:
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "theme.suggest")
        _open_suggestion(workshop, suggestion_seq, key)
        record_event(
            workshop, IGNORED, actor=actor, payload={"suggestion_seq": suggestion_seq, "key": key}
        )


def do_undo_suggestion(*, actor: Actor, workshop: Workshop, accepted_seq: int) -> None:
    """Undo an accepted suggestion: each of its ideas still in the created theme goes back to
    where it was (unsorted if that theme is gone), and the created theme is removed."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "theme.suggest")
        accepted = WorkshopEvent.objects.filter(
            workshop=workshop, kind=ACCEPTED, seq=accepted_seq
        ).first()
        already = WorkshopEvent.objects.filter(
            workshop=workshop, kind=UNDONE, seq__gt=accepted_seq, payload__accepted_seq=accepted_seq
        ).exists()
        if accepted is None or already:
            raise ActionError(_("There is nothing to undo."), code="stale")
        theme_id = accepted.payload["theme_id"]
        previous = accepted.payload["previous"]
        existing_themes = set(Theme.objects.filter(workshop=workshop).values_list("pk", flat=True))
        restored = []
        for idea in Idea.objects.filter(workshop=workshop, pk__in=[int(i) for i in previous]):
            if idea.theme_id != theme_id:
                continue  # moved by hand since: leave it where the facilitator put it
            old_theme_id, old_position = previous[str(idea.pk)]
            idea.theme_id = old_theme_id if old_theme_id in existing_themes else None
            idea.position = old_position
            restored.append(idea)
        Idea.objects.bulk_update(restored, ["theme", "position"])
        Theme.objects.filter(workshop=workshop, pk=theme_id).delete()
        record_event(
            workshop,
            UNDONE,
            actor=actor,
            payload={
                "suggestion_seq": accepted.payload["suggestion_seq"],
                "key": accepted.payload["key"],
                "accepted_seq": accepted_seq,
                "theme_id": theme_id,
            },
        )
