"""Refinement: promoting ideas or themes to initiatives, joining their groups, editing their
fields together, and commenting.

Concurrent edits never lose text silently: each field carries a version, an edit names the
version it started from, and an edit based on an older version is refused with `StaleEdit`
(which carries the current text, so the editor can merge). References are the workshop's
running number ("1", "2", …) in the order initiatives were promoted; the catalogue shows them
next to the workshop, which makes them unique.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ideas import selectors_refinement as refinement
from ideas.models import Idea, Initiative, InitiativeComment, Theme
from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import Organisation, StrategicGoal, Workshop
from workshops.text import clean_line, clean_text

COMMENT_MAX = 1000
TITLE_MAX = 200


class StaleEdit(ActionError):
    """An edit based on an older version of a field than the one stored now."""

    def __init__(self, message: Any, *, initiative: Initiative, field: str, submitted: str):
        super().__init__(message, field="value", code="stale")
        self.initiative = initiative
        self.field_name = field
        self.submitted = submitted


def actor_name(actor: Actor) -> str:
    """How the screens name whoever changed a field last."""
    if actor.participant is not None:
        return actor.participant.public_name
    user = actor.user
    return (user.get_full_name() or user.get_username()) if user else ""


def next_reference(workshop: Workshop) -> str:
    """The workshop's next running number. Call with the workshop locked."""
    numbers = [
        int(reference)
        for reference in Initiative.objects.filter(workshop=workshop).values_list(
            "reference", flat=True
        )
        if reference.isdigit()
    ]
    return str(max(numbers, default=0) + 1)


def _default_title(ideas: list[Idea], theme: Theme | None) -> str:
    if theme is not None:
        return theme.name
    first = ideas[0]
    return clean_line((first.title or first.text)[:TITLE_MAX])


def do_promote(
    *,
    actor: Actor,
    workshop: Workshop,
    idea_ids: list[int] | None = None,
    theme_id: int | None = None,
    title: str = "",
) -> Initiative:
    """Make an initiative from one idea, several merged ideas, or a whole theme. It keeps
    links to them, so the catalogue can trace it back."""
    idea_ids = sorted(set(idea_ids or []))
    if not idea_ids and theme_id is None:
        raise ActionError(_("Choose one or more ideas, or a theme."), field="idea_ids")
    title = clean_line(title)
    if len(title) > TITLE_MAX:
        raise ActionError(
            _("A title can be at most %(max)d characters.") % {"max": TITLE_MAX}, field="title"
        )
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "initiative.promote")
        theme = None
        if theme_id is not None:
            theme = Theme.objects.filter(workshop=workshop, pk=theme_id).first()
            if theme is None:
                raise ActionError(_("That theme no longer exists."), code="not_found")
            idea_ids = sorted(
                set(idea_ids) | set(theme.ideas.filter(hidden=False).values_list("pk", flat=True))
            )
        ideas = list(Idea.objects.filter(workshop=workshop, pk__in=idea_ids, hidden=False))
        if len(ideas) != len(idea_ids) or (not ideas and theme is None):
            raise ActionError(_("One of the chosen ideas no longer exists."), code="not_found")
        initiative = Initiative.objects.create(
            workshop=workshop,
            theme=theme,
            reference=next_reference(workshop),
            title=title or _default_title(ideas, theme),
        )
        initiative.ideas.set(ideas)
        record_event(
            workshop, "initiative.promoted", actor=actor, payload={"initiative_id": initiative.pk}
        )
    return initiative


def _initiative(workshop: Workshop, initiative_id: int) -> Initiative:
    initiative = Initiative.objects.filter(workshop=workshop, pk=initiative_id).first()
    if initiative is None:
        raise ActionError(_("That initiative no longer exists."), code="not_found")
    return initiative


def do_join_initiative(*, actor: Actor, workshop: Workshop, initiative_id: int) -> Initiative:
    """Sit with an initiative's group (and leave any other group of this workshop)."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "initiative.join")
        initiative = _initiative(workshop, initiative_id)
        participant = actor.participant
        if initiative.members.filter(pk=participant.pk).exists():
            return initiative
        left = list(
            Initiative.objects.filter(workshop=workshop, members=participant).values_list(
                "pk", flat=True
            )
        )
        for other in Initiative.objects.filter(pk__in=left):
            other.members.remove(participant)
        initiative.members.add(participant)
        record_event(
            workshop,
            "initiative.joined",
            actor=actor,
            payload={
                "initiative_id": initiative.pk,
                "left_ids": left,
                "participant_id": participant.pk,
            },
        )
    return initiative


def _clean_value(name: str, value: str) -> Any:
    """The submitted text of a field turned into what the model stores, or ActionError."""
    kind = refinement.FIELD_KINDS.get(name)
    if kind is None:
        raise ActionError(_("That field cannot be edited."), field="field")
    value = clean_line(value) if kind == refinement.TEXT else clean_text(value)
    if kind in (refinement.TEXT, refinement.LONG_TEXT):
        max_length = Initiative._meta.get_field(name).max_length
        if max_length and len(value) > max_length:
            raise ActionError(
                _("This field can hold at most %(max)d characters (now %(count)d).")
                % {"max": max_length, "count": len(value)},
                field="value",
            )
        if name == "title" and not value:
            raise ActionError(_("An initiative needs a title."), field="value")
        return value
    if kind == refinement.DATE:
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ActionError(_("Enter a date like 2025-03-31."), field="value") from None
    if kind == refinement.GOAL:
        if not value:
            return None
        goal = StrategicGoal.objects.filter(pk=value).first() if value.isdigit() else None
        if goal is None:
            raise ActionError(_("Choose a goal from the list."), field="value")
        return goal
    ids = {int(part) for part in value.split(",") if part.strip().isdigit()}
    organisations = list(Organisation.objects.filter(pk__in=ids))
    if len(organisations) != len(ids):
        raise ActionError(_("Choose organisations from the list."), field="value")
    return organisations


def _same(initiative: Initiative, name: str, cleaned: Any) -> bool:
    if refinement.FIELD_KINDS[name] == refinement.ORGANISATIONS:
        return {org.pk for org in cleaned} == {org.pk for org in initiative.actors.all()}
    return getattr(initiative, name) == cleaned


def _check_dates(initiative: Initiative, name: str, cleaned: Any) -> None:
    start = cleaned if name == "start" else initiative.start
    end = cleaned if name == "end" else initiative.end
    if start and end and end < start:
        raise ActionError(_("The end cannot be before the start."), field="value")


def do_edit_initiative(
    *,
    actor: Actor,
    workshop: Workshop,
    initiative_id: int,
    field: str,
    value: str,
    version: int,
) -> tuple[Initiative, bool]:
    """Change one field, based on the field's `version` the editor started from.

    Returns (initiative, changed). Raises StaleEdit if the field changed since that version,
    unless the stored value already equals the submitted one (a resent edit).
    Participants edit the initiative whose group they joined; facilitators edit any.
    """
    cleaned = _clean_value(field, value)
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "initiative.edit")
        initiative = _initiative(workshop, initiative_id)
        if (
            actor.participant is not None
            and not initiative.members.filter(pk=actor.participant.pk).exists()
        ):
            raise ActionError(_("Join this group to edit its initiative."), code="not_member")
        if field in ("start", "end"):
            _check_dates(initiative, field, cleaned)
        if _same(initiative, field, cleaned):
            return initiative, False
        current_version = int(initiative.field_versions.get(field, 0))
        if version != current_version:
            raise StaleEdit(
                _(
                    "%(name)s changed this field while you were writing. Your text is kept: "
                    "compare it with the current text, merge, and save again."
                )
                % {"name": initiative.field_editors.get(field) or _("Someone")},
                initiative=initiative,
                field=field,
                submitted=value,
            )
        if refinement.FIELD_KINDS[field] == refinement.ORGANISATIONS:
            initiative.actors.set(cleaned)
        else:
            setattr(initiative, field, cleaned)
        initiative.field_versions = {**initiative.field_versions, field: current_version + 1}
        initiative.field_editors = {**initiative.field_editors, field: actor_name(actor)}
        initiative.save()
        record_event(
            workshop,
            "initiative.edited",
            actor=actor,
            payload={"initiative_id": initiative.pk, "field": field},
        )
    return initiative, True


def do_comment_initiative(
    *,
    actor: Actor,
    workshop: Workshop,
    initiative_id: int,
    text: str,
    client_key: uuid.UUID | None = None,
) -> tuple[InitiativeComment, bool]:
    """Comment on an initiative. Returns (comment, created); a resent key stores nothing twice."""
    text = clean_text(text)
    if not text:
        raise ActionError(_("Write a comment before sending it."), field="text")
    if len(text) > COMMENT_MAX:
        raise ActionError(
            _("A comment can be at most %(max)d characters.") % {"max": COMMENT_MAX},
            field="text",
        )
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "initiative.comment")
        initiative = _initiative(workshop, initiative_id)
        if client_key is not None:
            mine = (
                {"author": actor.participant} if actor.participant else {"author_user": actor.user}
            )
            existing = InitiativeComment.objects.filter(client_key=client_key, **mine).first()
            if existing:
                return existing, False
        comment = InitiativeComment.objects.create(
            initiative=initiative,
            author=actor.participant,
            author_user=actor.user if actor.participant is None else None,
            text=text,
            client_key=client_key,
        )
        record_event(
            workshop,
            "initiative.commented",
            actor=actor,
            payload={"initiative_id": initiative.pk, "comment_id": comment.pk},
        )
    return comment, True
