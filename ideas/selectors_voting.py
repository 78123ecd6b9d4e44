"""Reads for dot voting: rounds, what can be voted on, who has voted, and (only once revealed)
the results. Totals are computed nowhere else, so nothing can send them before the reveal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, Sum

from ideas.models import Idea, Theme, Vote, VotingRound
from ideas.selectors import older_than
from workshops.models import Participant, Workshop

# A phone lists this many ideas to vote on at first, then a page at a time (ideas/pages.py):
# the whole screen is one websocket message, however many ideas there are.
VOTE_ITEMS_FIRST = 100
VOTE_ITEMS_PAGE = 100
# The revealed results show the top of the ranking at first.
RESULTS_FIRST = 100
RESULTS_PAGE = 100


@dataclass(frozen=True)
class VoteItem:
    """Something a dot can go on: an idea or a theme, with a stable DOM id."""

    kind: str  # "idea" or "theme"
    pk: int
    title: str
    text: str

    @property
    def dom_id(self) -> str:
        return f"vote-item-{self.kind}-{self.pk}"

    @property
    def my_dots_id(self) -> str:
        return f"my-dots-{self.kind}-{self.pk}"


@dataclass(frozen=True)
class MyDots:
    """One voter's own dots in a round: dots left, and dots per item id (only items with dots,
    plus an item just moved, even at zero, so its counter on the phone goes back to 0)."""

    kind: str  # "idea" or "theme"
    left: int
    mine: dict[int, int]

    def as_payload(self) -> dict:
        """For an event's JSON payload (keys become text there)."""
        return {
            "kind": self.kind,
            "left": self.left,
            "mine": {str(k): v for k, v in self.mine.items()},
        }

    @classmethod
    def from_payload(cls, payload: dict) -> MyDots:
        mine = {int(item): dots for item, dots in payload["mine"].items()}
        return cls(payload["kind"], payload["left"], mine)

    def by_dom_id(self) -> list[tuple[str, int]]:
        return [(f"my-dots-{self.kind}-{item}", dots) for item, dots in sorted(self.mine.items())]


@dataclass(frozen=True)
class ResultRow:
    rank: int
    tied: bool
    item: VoteItem
    dots: int
    share: int  # percent of the highest count, for the bar


def latest_round(workshop: Workshop) -> VotingRound | None:
    """The newest round of the workshop, whatever its state."""
    return VotingRound.objects.filter(workshop=workshop).order_by("-number").first()


def open_round(workshop: Workshop) -> VotingRound | None:
    """The round participants can vote in right now, if any."""
    return (
        VotingRound.objects.filter(
            workshop=workshop, opened_at__isnull=False, closed_at__isnull=True
        )
        .order_by("-number")
        .first()
    )


def item_kind(voting_round: VotingRound) -> str:
    return "theme" if voting_round.target == VotingRound.Target.THEMES else "idea"


def _idea_item(idea: Idea) -> VoteItem:
    return VoteItem("idea", idea.pk, idea.title, idea.text)


def _theme_item(theme: Theme) -> VoteItem:
    return VoteItem("theme", theme.pk, theme.name, "")


def votable_ideas(workshop: Workshop):
    return Idea.objects.filter(workshop=workshop, hidden=False).order_by("created_at", "pk")


def votable_themes(workshop: Workshop):
    return Theme.objects.filter(workshop=workshop).order_by("position", "pk")


def voting_items(
    voting_round: VotingRound, *, after: int | None = None, size: int = VOTE_ITEMS_FIRST
) -> tuple[list[VoteItem], int]:
    """What the round's dots can go on (never ordered by votes), and how many more there are:
    themes in board order, all at once (the facilitator made them); ideas newest first, as on
    the wall, `size` at a time after idea `after`."""
    if voting_round.target == VotingRound.Target.THEMES:
        return [_theme_item(theme) for theme in votable_themes(voting_round.workshop)], 0
    ideas = votable_ideas(voting_round.workshop)
    if after is not None:
        ideas = older_than(ideas, voting_round.workshop, after)
    ideas = ideas.order_by("-created_at", "-pk")
    page = [_idea_item(idea) for idea in ideas.only("pk", "title", "text")[:size]]
    left = ideas.count() - len(page) if len(page) == size else 0
    return page, left


def voters_count(voting_round: VotingRound) -> int:
    """How many participants have at least one dot on something in this round."""
    return (
        Vote.objects.filter(round=voting_round, dots__gt=0).values("participant").distinct().count()
    )


def eligible_count(workshop: Workshop) -> int:
    return Participant.objects.filter(workshop=workshop, removed_at=None).count()


def my_dots(voting_round: VotingRound, participant_id: int) -> MyDots:
    """One participant's own dots: their own state, nobody else's."""
    kind = item_kind(voting_round)
    field = "theme_id" if kind == "theme" else "idea_id"
    rows = Vote.objects.filter(round=voting_round, participant_id=participant_id, dots__gt=0)
    mine = {row[field]: row["dots"] for row in rows.values(field, "dots")}
    return MyDots(kind, max(0, voting_round.budget - sum(mine.values())), mine)


def revealed_results(voting_round: VotingRound) -> list[ResultRow]:
    """The ranked totals of a revealed round; empty before the reveal. Equal totals share a
    rank (1, 1, 3: standard competition ranking)."""
    if voting_round.revealed_at is None:
        return []
    total = Sum("vote__dots", filter=Q(vote__round=voting_round))
    if voting_round.target == VotingRound.Target.THEMES:
        rows = votable_themes(voting_round.workshop).annotate(total=total)
        items = [(_theme_item(theme), theme.total or 0) for theme in rows]
    else:
        rows = votable_ideas(voting_round.workshop).annotate(total=total)
        items = [(_idea_item(idea), idea.total or 0) for idea in rows]
    items.sort(key=lambda pair: -pair[1])  # stable: equal totals keep board order
    top = items[0][1] if items else 0
    how_many = Counter(dots for _item, dots in items)
    results: list[ResultRow] = []
    for index, (item, dots) in enumerate(items):
        rank = results[-1].rank if results and results[-1].dots == dots else index + 1
        share = round(100 * dots / top) if top else 0
        results.append(ResultRow(rank, how_many[dots] > 1, item, dots, share))
    return results
