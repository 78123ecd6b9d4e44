"""A meeting's set-up as plain data: what a template holds and what a new workshop gets.

The set-up is a JSON object (version 1):
    {"meeting_type": "workshop" | "large_meeting" | "dialogue_meeting",
     "phases": ["knowledge", "ideas"], "vote_budget": 5, "max_votes_per_idea": 2,
     "anonymous_allowed": true, "credit_participants": false, "use_spaces": false,
     "title": "...", "question": "...",
     "cards": [{"kind": "fact" | "question", "title": "...", "body": "..."}],
     "locations": ["Table 1", ...], "slots": ["19.00–19.40", ...]}
`read_setup` checks one from the database or a form and fills in defaults, so a template
saved by an older Samskab, or edited in the admin, still creates a sound workshop.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from workshops import phases
from workshops.actions.base import ActionError
from workshops.actions.cards import CARD_BODY_MAX, CARD_TITLE_MAX, FACILITATOR_KINDS
from workshops.models import KnowledgeCard, MeetingType, Workshop
from workshops.text import clean_line, clean_text

SETUP_VERSION = 1
MAX_CARDS = 40
MAX_PLACES = 30
PLACE_MAX = 80
SLOT_MAX = 40

DEFAULTS: dict[str, Any] = {
    "meeting_type": MeetingType.WORKSHOP.value,
    "phases": [],
    "vote_budget": 5,
    "max_votes_per_idea": 2,
    "anonymous_allowed": True,
    "credit_participants": False,
    "use_spaces": False,
    "title": "",
    "question": "",
    "cards": [],
    "locations": [],
    "slots": [],
}


def setup_of(workshop: Workshop) -> dict[str, Any]:
    """What a template keeps of `workshop`: its settings, phases, the facilitator's cards (not
    participants' own), and the Open Space places and time slots (not the topics)."""
    cards = KnowledgeCard.objects.filter(
        workshop=workshop, kind__in=FACILITATOR_KINDS, author__isnull=True, hidden=False
    ).order_by("created_at", "pk")
    return {
        "version": SETUP_VERSION,
        "title": workshop.title,
        "question": workshop.question,
        "meeting_type": workshop.meeting_type,
        "phases": [str(p) for p in workshop.phase_sequence if p in phases.OPTIONAL_PHASES],
        "vote_budget": workshop.vote_budget,
        "max_votes_per_idea": workshop.max_votes_per_idea,
        "anonymous_allowed": workshop.anonymous_allowed,
        "credit_participants": workshop.credit_participants,
        "use_spaces": workshop.use_spaces,
        "cards": [{"kind": c.kind, "title": c.title, "body": c.body} for c in cards],
        "locations": [location.name for location in workshop.locations.all()],
        "slots": [slot.label for slot in workshop.slots.all()],
    }


def _count(value: Any, default: int) -> int:
    try:
        return max(1, min(99, int(value)))
    except (TypeError, ValueError):
        return default


def read_setup(raw: Any) -> dict[str, Any]:
    """A clean set-up from stored or submitted data; refuses what cannot be repaired."""
    if not isinstance(raw, dict):
        raise ActionError(_("This template is damaged: its set-up is not readable."))
    setup = {**DEFAULTS, **{k: v for k, v in raw.items() if k in DEFAULTS}}
    try:
        used = [str(phase) for phase in phases.sequence(setup["phases"] or None)]
    except ValueError:
        raise ActionError(_("This template names a phase Samskab does not know.")) from None
    setup["phases"] = [p for p in used if phases.Phase(p) in phases.OPTIONAL_PHASES]
    if setup["meeting_type"] not in MeetingType.values:
        setup["meeting_type"] = MeetingType.WORKSHOP.value
    setup["vote_budget"] = _count(setup["vote_budget"], DEFAULTS["vote_budget"])
    setup["max_votes_per_idea"] = min(
        setup["vote_budget"], _count(setup["max_votes_per_idea"], DEFAULTS["max_votes_per_idea"])
    )
    for flag in ("anonymous_allowed", "credit_participants", "use_spaces"):
        setup[flag] = bool(setup[flag])
    setup["title"] = clean_line(str(setup["title"]))[:200]
    setup["question"] = clean_text(str(setup["question"]))[:1000]
    cards = []
    for card in list(setup["cards"])[:MAX_CARDS]:
        if not isinstance(card, dict) or card.get("kind") not in FACILITATOR_KINDS:
            continue
        body = clean_text(str(card.get("body", "")))[:CARD_BODY_MAX]
        if body:
            title = clean_line(str(card.get("title", "")))[:CARD_TITLE_MAX]
            cards.append({"kind": card["kind"], "title": title, "body": body})
    setup["cards"] = cards
    setup["locations"] = _names(setup["locations"], PLACE_MAX)
    setup["slots"] = _names(setup["slots"], SLOT_MAX)
    return setup


def _names(values: Any, limit: int) -> list[str]:
    names = [clean_line(str(value))[:limit] for value in list(values or [])[:MAX_PLACES]]
    return list(dict.fromkeys(name for name in names if name))


def meeting_type_label(setup: dict[str, Any]) -> str:
    return str(MeetingType(setup.get("meeting_type") or MeetingType.WORKSHOP).label)


def phase_labels(setup: dict[str, Any]) -> list[str]:
    """The phases a set-up runs through, as staff read them."""
    return [p.label for p in phases.sequence(setup.get("phases") or None)]
