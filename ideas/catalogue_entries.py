"""The plain data a catalogue is made of: what every renderer reads.

Dataclasses only, no database access; `ideas.catalogue` builds them.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass, field

from django.utils import dateformat, translation

from workshops.models import KnowledgeCard

# One date style per language in every document (HTML, DOCX, Markdown): the day, the month
# written out, the year. The data formats (JSON, CSV) keep ISO 8601.
DOCUMENT_DATE_FORMATS = {"da": "j. F Y", "sv": "j F Y", "en": "j F Y"}


def document_date(day: datetime.date) -> str:
    """`day` as documents write it, in the active language ("2. december 2026" in Danish)."""
    language = (translation.get_language() or "en").split("-")[0]
    return dateformat.format(day, DOCUMENT_DATE_FORMATS.get(language, "j F Y"))


def document_period(first: datetime.date | None, last: datetime.date | None) -> str:
    """ "1. september 2025 – 30. juni 2026", one date when both are the same day, "" without."""
    days = list(dict.fromkeys(d for d in (first, last) if d))
    return " – ".join(document_date(d) for d in days)


@dataclass(frozen=True)
class DocumentOptions:
    """What staff choose before publishing a catalogue (every field optional)."""

    introduction: str = ""  # the vision and how the ideas were gathered, opening the document
    period: str = ""  # by default the workshops' dates
    contact: str = ""  # by default the publishing settings' contact
    hide_votes: bool = False  # no vote counts and no ranks anywhere
    hide_join_code: bool = False
    credit_organisations: bool = True


@dataclass(frozen=True)
class Logo:
    content: bytes
    content_type: str

    @property
    def data_uri(self) -> str:
        return f"data:{self.content_type};base64,{base64.b64encode(self.content).decode()}"


@dataclass
class Cover:
    """The title page: who publishes, for which period, when, whom to ask; the introduction."""

    municipality: str
    department: str
    contact: str
    period: str
    published_on: datetime.date
    introduction: str
    logo: Logo | None = None


@dataclass
class InitiativeLink:
    id: int
    number: int  # the initiative's number in this document
    reference: str
    title: str
    status: str
    status_label: str


@dataclass
class IdeaRef:
    id: int
    title: str


@dataclass
class IdeaEntry:
    id: int
    workshop_code: str
    title: str
    text: str
    credit: str
    votes: int | None
    rank: int | None
    space_topic: str
    initiatives: list[InitiativeLink] = field(default_factory=list)
    # For an idea carried in from an earlier meeting of a process (processes/catalogue.py):
    # where it came from and its dots there, e.g. "From “Idea workshop” in Nordby, 12 dots".
    origin: str = ""


@dataclass
class ThemeEntry:
    name: str
    votes: int | None
    ideas: list[IdeaEntry] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


@dataclass
class CardEntry:
    kind: str
    kind_label: str
    title: str
    body: str
    credit: str


@dataclass
class SpaceReport:
    topic: str
    host: str
    location: str
    slot: str
    key_points: str
    who: str
    next_step: str
    idea_count: int


@dataclass
class MilestoneEntry:
    date: datetime.date
    title: str
    text: str


@dataclass
class InitiativeEntry:
    number: int
    id: int
    reference: str
    title: str
    workshop_code: str
    workshop_title: str
    theme: str
    intervention: str
    purpose: str
    target_group: str
    strategic_goal: str
    strategic_goal_number: int | None
    actors: list[str]
    actors_text: str
    start: datetime.date | None
    end: datetime.date | None
    timeline_text: str
    first_step: str
    example: str
    status: str
    status_label: str
    progress: int
    owner: str
    milestones: list[MilestoneEntry] = field(default_factory=list)
    ideas: list[IdeaRef] = field(default_factory=list)

    @property
    def timeline(self) -> str:
        """The timeline as municipalities write it: the dates, then the free text."""
        dates = " – ".join(document_date(d) for d in (self.start, self.end) if d)
        return " · ".join(part for part in (dates, self.timeline_text) if part)

    @property
    def all_actors(self) -> list[str]:
        return [*self.actors, *([self.actors_text] if self.actors_text else [])]


@dataclass
class WorkshopEntry:
    code: str
    title: str
    question: str
    language: str
    held_on: datetime.date
    closed_on: datetime.date | None
    phase: str
    phase_label: str
    running: bool
    votes_provisional: bool


@dataclass
class RoleCount:
    role: str
    label: str
    count: int


@dataclass
class Participation:
    people: int
    organisations: int
    by_role: list[RoleCount]
    organisation_names: list[str]
    participant_names: list[str]


@dataclass
class Catalogue:
    schema_version: str
    title: str
    language: str
    generated_on: datetime.date
    questions: list[str]
    workshops: list[WorkshopEntry]
    participation: Participation
    cards: list[CardEntry]
    themes: list[ThemeEntry]
    unsorted_ideas: list[IdeaEntry]
    spaces: list[SpaceReport]
    initiatives: list[InitiativeEntry]
    notices: list[str]
    cover: Cover | None = None

    @property
    def idea_count(self) -> int:
        return sum(len(t.ideas) for t in self.themes) + len(self.unsorted_ideas)

    @property
    def all_ideas(self) -> list[tuple[str, IdeaEntry]]:
        """(theme name, idea) for every idea, themes first, then the unsorted ones."""
        rows = [(theme.name, idea) for theme in self.themes for idea in theme.ideas]
        return rows + [("", idea) for idea in self.unsorted_ideas]

    @property
    def running(self) -> bool:
        return any(w.running for w in self.workshops)

    @property
    def cards_by_kind(self) -> list[tuple[str, list[CardEntry]]]:
        """[(kind label, cards)] in the kinds' own order, empty kinds left out."""
        groups = []
        for kind in KnowledgeCard.Kind:
            cards = [card for card in self.cards if card.kind == kind.value]
            if cards:
                groups.append((cards[0].kind_label, cards))
        return groups
