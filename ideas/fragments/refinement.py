"""How refinement events show on each screen.

Edits replace only a field's view (its text and who changed it last), never the edit form
someone may be typing in; the editor's own form comes back in the reply to the editor.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from ideas import selectors_refinement as refinement
from ideas.models import Initiative, InitiativeComment
from ideas.screens.refinement import promote_context
from realtime import protocol
from realtime.fragments import FACILITATOR, personal_state, renders, renders_personal
from realtime.models import WorkshopEvent
from workshops.models import Workshop
from workshops.phases import Phase
from workshops.screens import screen_context


def choices_context() -> dict[str, Any]:
    return {"goals": refinement.strategic_goals(), "organisations": refinement.organisations()}


def card_html(initiative: Initiative, workshop: Workshop, audience: str) -> str:
    return render_to_string(
        "initiatives/_initiative.html",
        {
            "initiative": initiative,
            "fields": refinement.field_states(initiative),
            "workshop": workshop,
            "audience": audience,
            **choices_context(),
        },
    )


def field_form_html(
    initiative: Initiative,
    workshop: Workshop,
    audience: str,
    field: str,
    *,
    stale_message: Any = "",
    submitted: str | None = None,
) -> str:
    """The edit form of one field for its editor: fresh after a save, or, after a stale
    edit, with the editor's text kept next to the current one and the current version."""
    return render_to_string(
        "initiatives/_field_form.html",
        {
            "state": refinement.field_state(initiative, field),
            "workshop": workshop,
            "audience": audience,
            "stale_message": stale_message,
            "submitted": submitted,
            **choices_context(),
        },
    )


def members_html(initiative: Initiative, workshop: Workshop, audience: str) -> str:
    return render_to_string(
        "initiatives/_members.html",
        {"initiative": initiative, "workshop": workshop, "audience": audience},
    )


def promote_panel_html(workshop: Workshop, audience: str) -> str:
    return render_to_string(
        "initiatives/_promote.html",
        {"workshop": workshop, "audience": audience, **promote_context(workshop)},
    )


def my_group_style(initiative_id: int | None) -> str:
    """The participant's own group, as a page-level style that shows its edit controls."""
    return render_to_string("initiatives/_my_group_style.html", {"initiative_id": initiative_id})


@renders("initiative.promoted")
def promoted(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    if workshop.phase != Phase.REFINEMENT:
        return ""
    initiative = refinement.initiative_for(workshop, event.payload.get("initiative_id"))
    if initiative is None:
        return protocol.remove(f"initiative-{event.payload.get('initiative_id')}")
    html = protocol.upsert(card_html(initiative, workshop, audience), into="initiatives")
    if audience == FACILITATOR:
        html = protocol.join(html, promote_panel_html(workshop, audience))
    return html


@renders("initiative.joined")
def joined(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """The member lists of the group joined and of any group left."""
    if workshop.phase != Phase.REFINEMENT:
        return ""
    ids = [event.payload.get("initiative_id"), *event.payload.get("left_ids", [])]
    initiatives = refinement.initiatives_for(workshop).filter(pk__in=ids)
    return protocol.join(*(members_html(i, workshop, audience) for i in initiatives))


@renders("initiative.edited")
def edited(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """The edited field's view (and the card's heading for a title), not its form."""
    if workshop.phase != Phase.REFINEMENT:
        return ""
    initiative = refinement.initiative_for(workshop, event.payload.get("initiative_id"))
    field = event.payload.get("field")
    if initiative is None or field not in refinement.FIELD_KINDS:
        return ""
    html = render_to_string(
        "initiatives/_field_view.html", {"state": refinement.field_state(initiative, field)}
    )
    if field == "title":
        heading = render_to_string("initiatives/_heading.html", {"initiative": initiative})
        html = protocol.join(heading, html)
    return html


@renders("initiative.commented")
def commented(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    if workshop.phase != Phase.REFINEMENT:
        return ""
    comment = (
        InitiativeComment.objects.select_related("author", "author_user")
        .filter(pk=event.payload.get("comment_id"))
        .first()
    )
    if comment is None:
        return ""
    html = render_to_string("initiatives/_comment.html", {"comment": comment})
    return protocol.upsert(html, into=f"initiative-{comment.initiative_id}-comments")


@renders_personal("initiative.joined")
def my_group(event: WorkshopEvent, workshop: Workshop) -> dict[int, str]:
    participant_id = event.payload.get("participant_id")
    if participant_id is None:
        return {}
    group = refinement.group_of(workshop, participant_id)
    return {participant_id: my_group_style(group.pk if group else None)}


@personal_state
def refinement_personal_state(workshop: Workshop, participant_id: int | None) -> dict[int, str]:
    """On a full screen: each group member's own group."""
    if workshop.phase != Phase.REFINEMENT:
        return {}
    members = Initiative.members.through.objects.filter(initiative__workshop=workshop)
    if participant_id is not None:
        members = members.filter(participant_id=participant_id)
    return {
        row.participant_id: my_group_style(row.initiative_id)
        for row in members.only("participant_id", "initiative_id")
    }


@renders("catalogue.published", "catalogue.unpublished")
def closed_stage(event: WorkshopEvent, workshop: Workshop, audience: str) -> str:
    """A catalogue with this workshop went up or down: the closed stage with (or without)
    its link. Publishing records these events for each workshop it contains."""
    if workshop.phase != Phase.CLOSED:
        return ""
    return render_to_string("stages/closed.html", screen_context(workshop, audience))
