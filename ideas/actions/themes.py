"""Clustering: the facilitator's themes, ideas moved between them, and participants' own
suggestions of a theme for their idea."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from ideas.board import BOARD_ORDER
from ideas.models import Idea, Theme, Vote
from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import Workshop
from workshops.text import clean_line

THEME_NAME_MAX = 100
THEME_OPS = ("create", "rename", "reorder", "merge", "delete")


def check_theme_name(name: str, *, field: str = "name") -> str:
    name = clean_line(name)
    if not name:
        raise ActionError(_("Give the theme a name."), field=field)
    if len(name) > THEME_NAME_MAX:
        raise ActionError(
            _("A theme name can be at most %(max)d characters.") % {"max": THEME_NAME_MAX},
            field=field,
        )
    return name


def _theme(workshop: Workshop, theme_id: int | None, *, field: str = "theme_id") -> Theme:
    theme = Theme.objects.filter(workshop=workshop, pk=theme_id).first() if theme_id else None
    if theme is None:
        raise ActionError(_("That theme no longer exists."), field=field, code="not_found")
    return theme


def _idea(workshop: Workshop, idea_id: int) -> Idea:
    idea = Idea.objects.filter(workshop=workshop, pk=idea_id).first()
    if idea is None:
        raise ActionError(_("That idea no longer exists."), code="not_found")
    return idea


def _check_unique_name(workshop: Workshop, name: str, *, except_id: int | None = None) -> None:
    clash = Theme.objects.filter(workshop=workshop, name__iexact=name).exclude(pk=except_id)
    if clash.exists():
        raise ActionError(
            _("There is already a theme called “%(name)s”.") % {"name": name}, field="name"
        )


def _check_no_votes(theme: Theme) -> None:
    if Vote.objects.filter(theme=theme).exists():
        raise ActionError(_("People have voted on this theme; it can no longer be removed."))


def column(workshop: Workshop, theme: Theme | None) -> list[Idea]:
    """The ideas of one column (a theme, or unsorted when None) in board order."""
    return list(Idea.objects.filter(workshop=workshop, theme=theme).order_by(*BOARD_ORDER))


def append_to_column(workshop: Workshop, ideas: list[Idea], theme: Theme | None) -> None:
    """Put `ideas` at the end of `theme`'s column, in their present order."""
    top = Idea.objects.filter(workshop=workshop, theme=theme).aggregate(top=Max("position"))["top"]
    start = 0 if top is None else top + 1
    for offset, idea in enumerate(ideas):
        idea.theme, idea.position = theme, start + offset
    Idea.objects.bulk_update(ideas, ["theme", "position"])


def create_theme(workshop: Workshop, name: str) -> Theme:
    top = Theme.objects.filter(workshop=workshop).aggregate(top=Max("position"))["top"]
    return Theme.objects.create(workshop=workshop, name=name, position=(top or 0) + 1)


def _renumber_themes(themes: list[Theme]) -> None:
    for index, theme in enumerate(themes):
        theme.position = index
    Theme.objects.bulk_update(themes, ["position"])


def do_manage_theme(
    *,
    actor: Actor,
    workshop: Workshop,
    op: str,
    theme_id: int | None = None,
    name: str = "",
    into_id: int | None = None,
    direction: str = "",
    position: int | None = None,
) -> Theme | None:
    """The facilitator creates, renames, reorders (`direction` earlier/later or a `position`),
    merges (`into_id`) or deletes a theme. Ideas of a deleted theme go back to unsorted; ideas
    of a merged theme join the end of the other one. Returns the theme that remains, if any."""
    if op not in THEME_OPS:
        raise ActionError(_("Unknown change."), field="op")
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "theme.manage")
        result: Theme | None
        if op == "create":
            name = check_theme_name(name)
            _check_unique_name(workshop, name)
            result = create_theme(workshop, name)
        else:
            theme = _theme(workshop, theme_id)
            result = theme
            if op == "rename":
                name = check_theme_name(name)
                _check_unique_name(workshop, name, except_id=theme.pk)
                theme.name = name
                theme.save(update_fields=["name"])
            elif op == "reorder":
                themes = [t for t in Theme.objects.filter(workshop=workshop) if t.pk != theme.pk]
                index = len(themes) if position is None else position
                if direction in ("earlier", "later"):
                    current = list(Theme.objects.filter(workshop=workshop)).index(theme)
                    index = current - 1 if direction == "earlier" else current + 1
                themes.insert(max(0, min(index, len(themes))), theme)
                _renumber_themes(themes)
            elif op == "merge":
                if not into_id or into_id == theme.pk:
                    raise ActionError(_("Choose another theme to merge into."), field="into_id")
                target = _theme(workshop, into_id, field="into_id")
                _check_no_votes(theme)
                append_to_column(workshop, column(workshop, theme), target)
                theme.delete()
                result = target
            else:
                _check_no_votes(theme)
                append_to_column(workshop, column(workshop, theme), None)
                theme.delete()
                result = None
        record_event(
            workshop,
            "board.changed",
            actor=actor,
            payload={"op": op, "theme_id": result.pk if result else theme_id},
        )
    return result


def do_move_idea(
    *,
    actor: Actor,
    workshop: Workshop,
    idea_id: int,
    theme_id: int | None,
    position: int | None = None,
    theme_name: str = "",
) -> Idea:
    """Move an idea to a theme (or back to unsorted when `theme_id` is None) at `position`
    (0 is the top; None is the end). With `theme_name` the idea goes to the theme of that
    name, created if needed: how a participant's suggestion is accepted. Moving an idea to a
    theme settles any suggestion for it."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "idea.move")
        idea = _idea(workshop, idea_id)
        created = False
        if clean_line(theme_name):
            name = check_theme_name(theme_name, field="theme_name")
            target = Theme.objects.filter(workshop=workshop, name__iexact=name).first()
            if target is None:
                target, created = create_theme(workshop, name), True
        else:
            target = _theme(workshop, theme_id) if theme_id else None
        previous_theme_id = idea.theme_id
        ideas = [other for other in column(workshop, target) if other.pk != idea.pk]
        index = len(ideas) if position is None else max(0, min(position, len(ideas)))
        ideas.insert(index, idea)
        changed = []
        for number, other in enumerate(ideas):
            if other.position != number or other.pk == idea.pk:
                other.position = number
                changed.append(other)
        idea.theme = target
        if target is not None and previous_theme_id != target.pk:
            idea.suggested_theme = ""
        Idea.objects.bulk_update(changed, ["position"])
        idea.save(update_fields=["theme", "position", "suggested_theme", "updated_at"])
        if created:
            record_event(
                workshop,
                "board.changed",
                actor=actor,
                payload={"op": "create", "theme_id": target.pk},
            )
        else:
            record_event(
                workshop,
                "idea.moved",
                actor=actor,
                payload={
                    "idea_id": idea.pk,
                    "from_theme_id": previous_theme_id,
                    "to_theme_id": target.pk if target else None,
                },
            )
    return idea


def do_suggest_idea_theme(*, actor: Actor, workshop: Workshop, idea_id: int, name: str) -> Idea:
    """A participant suggests a theme for their own idea (an empty name withdraws it); the
    facilitator sees it and accepts or moves the idea elsewhere."""
    name = clean_line(name)
    if len(name) > THEME_NAME_MAX:
        raise ActionError(
            _("A theme name can be at most %(max)d characters.") % {"max": THEME_NAME_MAX},
            field="name",
        )
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "idea.suggest_theme")
        idea = _idea(workshop, idea_id)
        if actor.participant is None or idea.author_id != actor.participant.pk:
            raise ActionError(
                _("You can only suggest a theme for your own ideas."), code="forbidden"
            )
        if idea.suggested_theme != name:
            idea.suggested_theme = name
            idea.save(update_fields=["suggested_theme", "updated_at"])
            record_event(
                workshop, "idea.theme_suggested", actor=actor, payload={"idea_id": idea.pk}
            )
    return idea
