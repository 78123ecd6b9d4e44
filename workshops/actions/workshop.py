"""Creating and configuring a workshop."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from realtime.events import record_event
from workshops.actions.base import ActionError, Actor
from workshops.codes import new_join_code
from workshops.models import Workshop
from workshops.text import clean_line, clean_text

MAX_CODE_ATTEMPTS = 20


def check_workshop_settings(
    *, title: str, question: str, vote_budget: int, max_votes_per_idea: int
):
    if not title.strip():
        raise ActionError(_("Give the workshop a title."), field="title")
    if not question.strip():
        raise ActionError(_("Write the challenge question."), field="question")
    if vote_budget < 1:
        raise ActionError(_("Each participant needs at least one dot."), field="vote_budget")
    if not 1 <= max_votes_per_idea <= vote_budget:
        raise ActionError(
            _("Dots per idea must be between 1 and the dots per participant."),
            field="max_votes_per_idea",
        )


def do_create_workshop(
    *,
    actor: Actor,
    title: str,
    question: str,
    language: str = "da",
    vote_budget: int = 5,
    max_votes_per_idea: int = 2,
    anonymous_allowed: bool = True,
    use_spaces: bool = False,
    credit_participants: bool = False,
    base_url: str = "",
) -> Workshop:
    """Create a workshop with a join code unique among open workshops; the creator facilitates."""
    if actor.user is None or not actor.user.is_authenticated:
        raise ActionError(_("Sign in to create a workshop."), code="forbidden")
    title, question = clean_line(title), clean_text(question)
    check_workshop_settings(
        title=title,
        question=question,
        vote_budget=vote_budget,
        max_votes_per_idea=max_votes_per_idea,
    )
    for _attempt in range(MAX_CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                workshop = Workshop.objects.create(
                    title=title,
                    question=question,
                    language=language,
                    join_code=new_join_code(),
                    vote_budget=vote_budget,
                    max_votes_per_idea=max_votes_per_idea,
                    anonymous_allowed=anonymous_allowed,
                    use_spaces=use_spaces,
                    credit_participants=credit_participants,
                    base_url=base_url,
                )
                workshop.facilitators.add(actor.user)
                record_event(workshop, "workshop.created", actor=actor)
                return workshop
        except IntegrityError:
            continue  # the code was taken by another open workshop: draw again
    raise ActionError(_("Could not find a free join code. Please try again."))
