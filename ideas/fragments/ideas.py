"""How idea events show on each screen, and how an author finds their own ideas.

No idea says who posted it, other than its byline (which for an anonymous author is
"Anonymous"): anything else shared by one person's ideas (an author id) would let anyone link
an anonymous person's contributions. Each participant's own page carries a style that shows
the edit controls of their ideas, by idea id (`my-ideas-style`), kept current by personal
messages.
"""

from __future__ import annotations

from collections import defaultdict

from django.template.loader import render_to_string

from ideas.fragments.themes import board_after_idea_event
from ideas.models import Idea
from realtime import protocol
from realtime.fragments import FACILITATOR, personal_state, renders, renders_personal, shared
from realtime.models import WorkshopEvent
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import own_style

# Own ideas a participant's style names (the newest): far more than anyone posts in a day.
OWN_IDEAS_MAX = 1000
# Phases whose screens show controls for one's own ideas (edit, delete, suggest a theme).
OWN_IDEA_PHASES = (Phase.IDEAS, Phase.CLUSTERING)


def idea_item(idea: Idea, workshop: Workshop, audience: str) -> str:
    return render_to_string(
        "ideas/_idea.html", {"idea": idea, "audience": audience, "workshop": workshop}
    )


@renders("idea.submitted", "idea.edited", "idea.changed", "idea.deleted")
def idea(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """The idea as it is now: removed where it is not visible; a new one (or one shown
    again) goes on top of the wall; an edited one is replaced where a screen has it, and an
    idea a screen has not loaded (older than its first page) stays unloaded."""
    if workshop.phase == Phase.CLUSTERING:
        # Late drafts (grace period) and moderation land on the clustering board instead.
        return board_after_idea_event(event, workshop, audience)
    idea_id = event.payload.get("idea_id")
    idea = shared(
        event,
        "idea",
        lambda: Idea.objects.select_related("author", "space").filter(pk=idea_id).first(),
    )
    if idea is None or (idea.hidden and audience != FACILITATOR):
        return protocol.remove(f"idea-{idea_id}")
    html = idea_item(idea, workshop, audience)
    if event.kind == "idea.edited" or (event.kind == "idea.changed" and audience == FACILITATOR):
        return html  # an element with an id: replaced if present, else nothing
    return protocol.upsert(html, into="ideas", at_start=True)


def _style(idea_ids: list[int]) -> str:
    return render_to_string("ideas/_my_ideas_style.html", {"idea_ids": idea_ids})


@own_style
def my_ideas_style(workshop: Workshop, participant_id: int) -> str:
    """A page-level style that shows one participant the controls of their own ideas."""
    ideas = Idea.objects.filter(workshop=workshop, author_id=participant_id).order_by("-pk")
    return _style(list(ideas.values_list("pk", flat=True)[:OWN_IDEAS_MAX]))


@renders_personal("idea.submitted")
def my_new_idea(event: WorkshopEvent, workshop: Workshop) -> dict[int, str]:
    """The author's style now names their new idea too (language-neutral)."""
    author_id = event.actor_participant_id
    if author_id is None:
        return {}
    return {author_id: my_ideas_style(workshop, author_id)}


@personal_state
def my_ideas_state(workshop: Workshop, participant_id: int | None) -> dict[int, str]:
    """On a full screen: each author's own ideas, where their screens show own controls."""
    if workshop.phase not in OWN_IDEA_PHASES:
        return {}
    if participant_id is not None:
        return {participant_id: my_ideas_style(workshop, participant_id)}
    by_author: dict[int, list[int]] = defaultdict(list)
    rows = (
        Idea.objects.filter(workshop=workshop, author__isnull=False)
        .order_by("-pk")
        .values_list("author_id", "pk")
    )
    for author_id, idea_id in rows:
        if len(by_author[author_id]) < OWN_IDEAS_MAX:
            by_author[author_id].append(idea_id)
    return {author_id: _style(ids) for author_id, ids in by_author.items()}
