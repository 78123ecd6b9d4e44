"""Template helpers for initiative forms."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def draft_for(drafts: dict | None, state) -> str | None:
    """The text a refused plain-HTTP edit of this field carried (kept by the view in the
    session), so the form shows it again next to the current text; None if there is none."""
    draft = (drafts or {}).get("initiative.edit") or {}
    if draft.get("field") == state.name and draft.get("initiative_id") == str(state.initiative_id):
        return draft.get("value", "")
    return None
