"""Posting, editing, deleting and moderating ideas."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ideas.models import IDEA_TEXT_MAX, IDEA_TITLE_MAX, Idea
from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, check_verb, lock_workshop
from workshops.models import Workshop
from workshops.text import clean_line, clean_text


def check_idea_text(*, title: str, text: str) -> None:
    if not text.strip():
        raise ActionError(_("Write your idea before sending it."), field="text")
    if len(text) > IDEA_TEXT_MAX:
        raise ActionError(
            _("An idea can be at most %(max)d characters (this one has %(count)d).")
            % {"max": IDEA_TEXT_MAX, "count": len(text)},
            field="text",
        )
    if len(title) > IDEA_TITLE_MAX:
        raise ActionError(
            _("A title can be at most %(max)d characters.") % {"max": IDEA_TITLE_MAX},
            field="title",
        )


def do_submit_idea(
    *, actor: Actor, workshop: Workshop, title: str = "", text: str, client_key: uuid.UUID | None
) -> tuple[Idea, bool]:
    """Post an idea to the wall. Returns (idea, created): a resent submission with the same
    client key returns the idea stored the first time and publishes nothing."""
    title, text = clean_line(title), clean_text(text)
    check_idea_text(title=title, text=text)
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        if client_key is not None and actor.participant is not None:
            existing = Idea.objects.filter(author=actor.participant, client_key=client_key).first()
            if existing:
                return existing, False
        check_verb(workshop, actor, "idea.submit")
        idea = Idea.objects.create(
            workshop=workshop,
            author=actor.participant,
            space=actor.participant.space if actor.participant else None,
            title=title,
            text=text,
            client_key=client_key,
        )
        record_event(workshop, "idea.submitted", actor=actor, payload={"idea_id": idea.pk})
    return idea, True


def _own_idea(workshop: Workshop, actor: Actor, idea_id: int) -> Idea:
    idea = Idea.objects.filter(workshop=workshop, pk=idea_id).first()
    if idea is None:
        raise ActionError(_("That idea no longer exists."), code="not_found")
    if actor.participant is None or idea.author_id != actor.participant.pk:
        raise ActionError(_("You can only change your own ideas."), code="forbidden")
    return idea


def do_edit_idea(
    *, actor: Actor, workshop: Workshop, idea_id: int, title: str = "", text: str
) -> Idea:
    title, text = clean_line(title), clean_text(text)
    check_idea_text(title=title, text=text)
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "idea.edit")
        idea = _own_idea(workshop, actor, idea_id)
        idea.title, idea.text = title, text
        idea.save(update_fields=["title", "text", "updated_at"])
        record_event(workshop, "idea.edited", actor=actor, payload={"idea_id": idea.pk})
    return idea


def do_delete_idea(*, actor: Actor, workshop: Workshop, idea_id: int) -> None:
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "idea.delete")
        idea = _own_idea(workshop, actor, idea_id)
        idea.delete()
        record_event(workshop, "idea.deleted", actor=actor, payload={"idea_id": idea_id})


def do_set_idea_hidden(*, actor: Actor, workshop: Workshop, idea_id: int, hidden: bool) -> Idea:
    """Moderation: hide an idea from participants and the projector, or show it again."""
    with transaction.atomic():
        workshop = lock_workshop(workshop.pk)
        check_verb(workshop, actor, "idea.hide" if hidden else "idea.unhide")
        idea = Idea.objects.filter(workshop=workshop, pk=idea_id).first()
        if idea is None:
            raise ActionError(_("That idea no longer exists."), code="not_found")
        if idea.hidden != hidden:
            idea.hidden = hidden
            idea.save(update_fields=["hidden", "updated_at"])
            record_event(workshop, "idea.changed", actor=actor, payload={"idea_id": idea.pk})
    return idea
