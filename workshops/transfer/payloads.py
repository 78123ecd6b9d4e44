"""The ids inside event payloads, rewritten to the rows' new ids on import.

Payloads are the audit trail and the clustering suggestions' memory (ideas/board.py), so
their ids must name the same rows after a move. Each key that holds ids is listed with the
table it points into; an id whose row no longer exists (an idea deleted that day) becomes None,
never the id of an unrelated row on the new installation. Keys not listed are copied as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

IdMap = Callable[[str, Any], Any]  # (table label, old id) -> new id or None

IDEA = "ideas.idea"
THEME = "ideas.theme"
SPACE = "workshops.space"
PARTICIPANT = "workshops.participant"
CARD = "workshops.knowledgecard"
ROUND = "ideas.votinground"
INITIATIVE = "ideas.initiative"
COMMENT = "ideas.initiativecomment"

ID_KEYS = {
    "idea_id": IDEA,
    "theme_id": THEME,
    "from_theme_id": THEME,
    "to_theme_id": THEME,
    "space_id": SPACE,
    "from_space_id": SPACE,
    "merged_id": SPACE,
    "participant_id": PARTICIPANT,
    "card_id": CARD,
    "round_id": ROUND,
    "initiative_id": INITIATIVE,
    "comment_id": COMMENT,
}
ID_LIST_KEYS = {
    "idea_ids": IDEA,
    "left_ids": INITIATIVE,
    "card_ids": CARD,
    "comment_ids": COMMENT,
}
# Publications belong to the installation that published them; they do not move.
DROPPED_KEYS = {"publication_id"}


def remap_payload(payload: Any, new_id: IdMap, *, item_table: str | None = None) -> Any:
    """`payload` with every id it holds replaced by `new_id`. A dot's `item_id` and the keys
    of `mine` are ideas or themes, as the round's target says (`item_table`)."""
    if isinstance(payload, list):
        return [remap_payload(item, new_id, item_table=item_table) for item in payload]
    if not isinstance(payload, dict):
        return payload
    result: dict[str, Any] = {}
    for key, value in payload.items():
        if key in DROPPED_KEYS:
            result[key] = None
        elif key in ID_KEYS and value is not None:
            result[key] = new_id(ID_KEYS[key], value)
        elif key in ID_LIST_KEYS and isinstance(value, list):
            result[key] = [new_id(ID_LIST_KEYS[key], item) for item in value]
        elif key == "item_id" and item_table and value is not None:
            result[key] = new_id(item_table, value)
        elif key == "mine" and item_table and isinstance(value, dict):
            result[key] = {str(new_id(item_table, item)): dots for item, dots in value.items()}
        elif key == "previous" and isinstance(value, dict):
            # A suggestion's undo record: {idea id: [theme id, position]}.
            result[key] = {
                str(new_id(IDEA, idea)): [new_id(THEME, where[0]) if where[0] else None, *where[1:]]
                for idea, where in value.items()
            }
        else:
            result[key] = remap_payload(value, new_id, item_table=item_table)
    return result
