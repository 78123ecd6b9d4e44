"""The inspiration catalogue: one plain data structure built from one workshop or a series.

Every export format (HTML, DOCX, Markdown, CSV, JSON) renders the `Catalogue` built here, so
the privacy rules live in one place:

- participants' names appear only when their workshop chose `credit_participants`;
- organisations are credited (they take part as organisations), unless staff chose not to;
- an anonymous participant's ideas, cards and sessions never carry any credit at all;
- hidden ideas and hidden knowledge cards are left out.

Votes: an idea's votes are the dots it got in the workshop's latest *revealed* idea round. While
no round has been revealed, no totals appear at all (the document says voting is not revealed
yet): totals stay hidden until the facilitator reveals them, in exports as on screens. Ideas
are ranked per workshop with ties sharing a rank (1, 2, 2, 4). Staff may hide votes and ranks
altogether, and the join codes, when they publish (`DocumentOptions`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ideas.catalogue_entries import (
    CardEntry,
    Catalogue,
    DocumentOptions,
    IdeaEntry,
    IdeaRef,
    InitiativeEntry,
    InitiativeLink,
    MilestoneEntry,
    Participation,
    RoleCount,
    SpaceReport,
    ThemeEntry,
    WorkshopEntry,
    document_date,
    document_period,
)
from ideas.models import Idea, Initiative, Milestone, Theme, Vote, VotingRound
from ideas.publishing import build_cover
from workshops.codes import normalise_join_code
from workshops.models import KnowledgeCard, Participant, Space, Workshop

SCHEMA_VERSION = "1.2"

__all__ = [
    "CardEntry",
    "Catalogue",
    "CatalogueError",
    "DocumentOptions",
    "IdeaEntry",
    "InitiativeEntry",
    "SpaceReport",
    "ThemeEntry",
    "build_catalogue",
    "clean_text",
    "initiative_entries",
    "rank_by_votes",
    "resolve_workshops",
]

# Characters XML 1.0 (and so DOCX) cannot hold, plus DEL; tab, newline and return stay.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str | None) -> str:
    """User text with the control characters that break DOCX/XML removed, ends trimmed."""
    return _CONTROL_CHARACTERS.sub("", value or "").strip()


class CatalogueError(Exception):
    """A catalogue that cannot be built; `message` is translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def resolve_workshops(codes: Iterable[str]) -> list[Workshop]:
    """The workshops the codes point to, in the given order; unknown codes raise
    `CatalogueError` naming them all."""
    found: list[Workshop] = []
    unknown: list[str] = []
    for raw in codes:
        code = normalise_join_code(raw)
        workshop = (
            Workshop.objects.filter(join_code=code).order_by("closed_at", "-created_at").first()
            if code
            else None
        )
        if workshop is None:
            unknown.append(raw)
        elif workshop not in found:
            found.append(workshop)
    if unknown:
        raise CatalogueError(
            _("No workshop has the code %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if not found:
        raise CatalogueError(_("Name at least one workshop code."))
    return found


def credit_for(
    participant: Participant | None, workshop: Workshop, *, organisations: bool = True
) -> str:
    """Who to credit for something a participant made, following the privacy rules."""
    if participant is None or participant.anonymous:
        return ""
    parts = []
    if workshop.credit_participants and participant.display_name:
        parts.append(clean_text(participant.display_name))
    if organisations and participant.organisation_id:
        parts.append(clean_text(participant.organisation.name))
    return ", ".join(parts)


def _round_totals(workshop: Workshop, target: str, key: str) -> tuple[dict[int, int] | None, bool]:
    """({item id: dots}, unrevealed) for the latest revealed round; (None, True) while rounds
    exist but none is revealed, (None, False) without any round."""
    rounds = VotingRound.objects.filter(workshop=workshop, target=target)
    chosen = rounds.filter(revealed_at__isnull=False).order_by("-number").first()
    if chosen is None:
        return None, rounds.exists()
    provisional = False
    totals = (
        Vote.objects.filter(round=chosen, **{f"{key}__isnull": False})
        .values(key)
        .annotate(total=Sum("dots"))
    )
    return {row[key]: row["total"] or 0 for row in totals}, provisional


def rank_by_votes(votes: dict[int, int]) -> dict[int, int]:
    """Competition ranking: ties share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(votes.values(), reverse=True)
    first_position = {}
    for position, total in enumerate(ordered, start=1):
        first_position.setdefault(total, position)
    return {item: first_position[total] for item, total in votes.items()}


def _status_label(status: str) -> str:
    return str(Initiative.Status(status).label)


def _initiatives_for(workshops: Sequence[Workshop]):
    return (
        Initiative.objects.filter(Q(workshop__in=workshops) | Q(ideas__workshop__in=workshops))
        .distinct()
        .select_related("workshop", "theme", "strategic_goal", "owner")
        .prefetch_related(
            "actors",
            Prefetch("ideas", queryset=Idea.objects.filter(hidden=False).order_by("pk")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("date", "pk")),
        )
    )


def display_reference(initiative: Initiative) -> str:
    return clean_text(initiative.reference) or f"#{initiative.pk}"


def owner_name(initiative: Initiative) -> str:
    owner = initiative.owner
    if owner is None:
        return ""
    return clean_text(owner.get_full_name() or owner.get_username())


def idea_title(idea: Idea) -> str:
    title = clean_text(idea.title)
    if title:
        return title
    text = clean_text(idea.text).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def initiative_entries(initiatives: Iterable[Initiative]) -> list[InitiativeEntry]:
    """Initiatives as catalogue/action-plan entries, numbered in the given order."""
    entries = []
    for number, initiative in enumerate(initiatives, start=1):
        goal = initiative.strategic_goal
        entries.append(
            InitiativeEntry(
                number=number,
                id=initiative.pk,
                reference=display_reference(initiative),
                title=clean_text(initiative.title),
                workshop_code=initiative.workshop.join_code if initiative.workshop else "",
                workshop_title=clean_text(initiative.workshop.title) if initiative.workshop else "",
                theme=clean_text(initiative.theme.name) if initiative.theme else "",
                intervention=clean_text(initiative.intervention),
                purpose=clean_text(initiative.purpose),
                target_group=clean_text(initiative.target_group),
                strategic_goal=clean_text(str(goal)) if goal else "",
                strategic_goal_number=goal.number if goal else None,
                actors=[clean_text(org.name) for org in initiative.actors.all()],
                actors_text=clean_text(initiative.actors_text),
                start=initiative.start,
                end=initiative.end,
                timeline_text=clean_text(initiative.timeline_text),
                first_step=clean_text(initiative.first_step),
                example=clean_text(initiative.example),
                status=initiative.status,
                status_label=_status_label(initiative.status),
                progress=max(0, min(100, initiative.progress)),
                owner=owner_name(initiative),
                milestones=[
                    MilestoneEntry(m.date, clean_text(m.title), clean_text(m.text))
                    for m in initiative.milestones.all()
                ],
                ideas=[IdeaRef(idea.pk, idea_title(idea)) for idea in initiative.ideas.all()],
            )
        )
    return entries


def _participation(workshops: Sequence[Workshop], *, credit_organisations: bool) -> Participation:
    people = list(
        Participant.objects.filter(workshop__in=workshops, removed_at=None)
        .select_related("organisation", "workshop")
        .order_by("workshop_id", "joined_at", "pk")
    )
    organisations = {clean_text(p.organisation.name) for p in people if p.organisation}
    # Anonymous participants count, but their organisation is not named: in a small
    # organisation the name alone could point to the person.
    credited = sorted(
        {clean_text(p.organisation.name) for p in people if p.organisation and not p.anonymous}
        if credit_organisations
        else ()
    )
    by_role = [
        RoleCount(role.value, str(role.label), sum(1 for p in people if p.role == role.value))
        for role in Participant.Role
    ]
    names = [
        clean_text(p.display_name)
        for p in people
        if p.workshop.credit_participants and not p.anonymous and clean_text(p.display_name)
    ]
    return Participation(
        people=len(people),
        organisations=len(organisations),
        by_role=[row for row in by_role if row.count],
        organisation_names=credited,
        participant_names=names,
    )


def _idea_entry(idea: Idea, votes, ranks, links, options: DocumentOptions) -> IdeaEntry:
    return IdeaEntry(
        id=idea.pk,
        workshop_code="" if options.hide_join_code else idea.workshop.join_code,
        title=idea_title(idea),
        text=clean_text(idea.text),
        credit=credit_for(idea.author, idea.workshop, organisations=options.credit_organisations),
        votes=None if votes is None else votes.get(idea.pk, 0),
        rank=None if ranks is None else ranks.get(idea.pk),
        space_topic=clean_text(idea.space.topic) if idea.space else "",
        initiatives=links.get(idea.pk, []),
    )


def _workshop_entry(workshop: Workshop, provisional: bool, options) -> WorkshopEntry:
    local = timezone.localtime
    return WorkshopEntry(
        code="" if options.hide_join_code else workshop.join_code,
        title=clean_text(workshop.title),
        question=clean_text(workshop.question),
        language=workshop.language,
        held_on=local(workshop.created_at).date(),
        closed_on=local(workshop.closed_at).date() if workshop.closed_at else None,
        phase=workshop.phase,
        phase_label=str(workshop.get_phase_display()),
        running=not workshop.is_closed,
        votes_provisional=provisional,
    )


def _notices(workshop: WorkshopEntry, idea_count: int, today: datetime.date) -> list[str]:
    notices = []
    if workshop.running:
        notices.append(
            _(
                "The workshop “%(title)s” is still running (phase: %(phase)s). This catalogue "
                "shows its state on %(date)s and may still change."
            )
            % {
                "title": workshop.title,
                "phase": workshop.phase_label,
                "date": document_date(today),
            }
        )
    if workshop.votes_provisional:
        notices.append(
            _("The votes of “%(title)s” have not been revealed yet, so they are not shown.")
            % {"title": workshop.title}
        )
    if idea_count == 0:
        notices.append(_("The workshop “%(title)s” has no ideas yet.") % {"title": workshop.title})
    return notices


def build_catalogue(
    workshops: Sequence[Workshop],
    *,
    title: str = "",
    language: str = "",
    options: DocumentOptions | None = None,
) -> Catalogue:
    """The catalogue of one workshop or a series. Labels are in `language` (by default the
    first workshop's language); themes with the same name across a series are merged.
    `options` are what staff chose for this document (title page, what to hide)."""
    if not workshops:
        raise CatalogueError(_("Name at least one workshop code."))
    language = language or workshops[0].language
    with translation.override(language):
        return _build(
            list(workshops), title=title, language=language, options=options or DocumentOptions()
        )


def _build(
    workshops: list[Workshop], *, title: str, language: str, options: DocumentOptions
) -> Catalogue:
    today = timezone.localdate()
    initiatives = initiative_entries(_initiatives_for(workshops))
    if options.hide_join_code:
        for entry in initiatives:
            entry.workshop_code = ""
    links: dict[int, list[InitiativeLink]] = {}
    for entry in initiatives:
        link = InitiativeLink(
            entry.id, entry.number, entry.reference, entry.title, entry.status, entry.status_label
        )
        for idea in entry.ideas:
            links.setdefault(idea.id, []).append(link)

    themes: dict[str, ThemeEntry] = {}
    unsorted: list[IdeaEntry] = []
    workshop_entries, notices = [], []
    for workshop in workshops:
        votes, provisional = _round_totals(workshop, VotingRound.Target.IDEAS, "idea")
        theme_votes, _theme_provisional = _round_totals(
            workshop, VotingRound.Target.THEMES, "theme"
        )
        if options.hide_votes:
            votes, provisional, theme_votes = None, False, None
        ideas = list(
            Idea.objects.filter(workshop=workshop, hidden=False)
            .select_related("workshop", "author__organisation", "space", "theme")
            .order_by("position", "created_at", "pk")
        )
        ranks = None
        if votes is not None:
            votes = {idea.pk: votes.get(idea.pk, 0) for idea in ideas}
            ranks = rank_by_votes(votes)
        for theme in Theme.objects.filter(workshop=workshop).order_by("position", "pk"):
            key = clean_text(theme.name).casefold()
            entry = themes.setdefault(key, ThemeEntry(name=clean_text(theme.name), votes=None))
            if theme_votes is not None:
                entry.votes = (entry.votes or 0) + theme_votes.get(theme.pk, 0)
        for idea in ideas:
            item = _idea_entry(idea, votes, ranks, links, options)
            if idea.theme_id:
                key = clean_text(idea.theme.name).casefold()
                themes.setdefault(key, ThemeEntry(name=clean_text(idea.theme.name), votes=None))
                themes[key].ideas.append(item)
            else:
                unsorted.append(item)
        entry = _workshop_entry(workshop, provisional, options)
        workshop_entries.append(entry)
        notices += _notices(entry, len(ideas), today)

    for initiative in initiatives:
        key = initiative.theme.casefold()
        if initiative.example and key in themes:
            themes[key].examples.append(initiative.example)
    for theme in themes.values():
        theme.ideas.sort(key=lambda idea: -(idea.votes or 0))  # stable: board order on ties
    unsorted.sort(key=lambda idea: -(idea.votes or 0))

    cards = [
        CardEntry(
            card.kind,
            str(card.get_kind_display()),
            clean_text(card.title),
            clean_text(card.body),
            credit_for(card.author, card.workshop, organisations=options.credit_organisations),
        )
        for card in KnowledgeCard.objects.filter(workshop__in=workshops, hidden=False)
        .select_related("workshop", "author__organisation")
        .order_by("workshop_id", "created_at", "pk")
    ]
    spaces = [
        SpaceReport(
            topic=clean_text(space.topic),
            host=credit_for(space.host, space.workshop, organisations=options.credit_organisations),
            location=clean_text(space.location.name) if space.location else "",
            slot=clean_text(space.slot.label) if space.slot else "",
            key_points=clean_text(space.report_key_points),
            who=clean_text(space.report_who),
            next_step=clean_text(space.report_next_step),
            idea_count=sum(1 for idea in space.ideas.all() if not idea.hidden),
        )
        for space in Space.objects.filter(workshop__in=workshops)
        .select_related("workshop", "host__organisation", "location", "slot")
        .prefetch_related("ideas")
        .order_by("workshop_id", "slot__position", "location__position", "pk")
    ]
    questions = list(dict.fromkeys(w.question for w in workshop_entries if w.question))
    return Catalogue(
        schema_version=SCHEMA_VERSION,
        title=clean_text(title) or workshop_entries[0].title,
        language=language,
        generated_on=today,
        questions=questions,
        workshops=workshop_entries,
        participation=_participation(workshops, credit_organisations=options.credit_organisations),
        cards=cards,
        themes=list(themes.values()),
        unsorted_ideas=unsorted,
        spaces=spaces,
        initiatives=initiatives,
        notices=notices,
        cover=build_cover(
            options=options,
            period=document_period(
                min(w.held_on for w in workshop_entries),
                max(w.closed_on or w.held_on for w in workshop_entries),
            ),
            published_on=today,
        ),
    )
