"""Reads for the process screens and the process catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from ideas.models import Idea, Initiative, Theme, Vote, VotingRound
from processes.models import CarriedIdea, CarriedTheme, Meeting, MeetingTemplate, Process
from workshops.models import Workshop


def processes_for_staff():
    return Process.objects.select_related("owner_department").annotate(
        meeting_count=Count("meetings")
    )


def process_meetings(process: Process) -> list[Meeting]:
    return list(process.meetings.select_related("workshop").order_by("position", "pk"))


def facilitated_among(user, workshops) -> set[int]:
    """The ids of those `workshops` whose console `user` may open."""
    ids = [w.pk for w in workshops]
    if user.is_superuser:
        return set(ids)
    return set(user.facilitated_workshops.filter(pk__in=ids).values_list("pk", flat=True))


def process_workshops(process: Process) -> list[Workshop]:
    return [meeting.workshop for meeting in process_meetings(process)]


# Built-in templates in the order a process uses them, then staff's own by name.
BUILTIN_ORDER = ("knowledge-meeting", "idea-workshop", "refinement-workshop")


def templates_in(language: str) -> list[MeetingTemplate]:
    def order(template: MeetingTemplate):
        builtin = template.key in BUILTIN_ORDER
        return (0, BUILTIN_ORDER.index(template.key)) if builtin else (1, template.name.casefold())

    return sorted(MeetingTemplate.objects.filter(language=language), key=order)


def revealed_dots(workshop: Workshop, target: str) -> dict[int, int] | None:
    """{idea or theme id: dots} in the workshop's latest revealed round of `target`; None while
    nothing has been revealed (dots stay hidden until the facilitator reveals them)."""
    chosen = (
        VotingRound.objects.filter(workshop=workshop, target=target, revealed_at__isnull=False)
        .order_by("-number")
        .first()
    )
    if chosen is None:
        return None
    key = "idea" if target == VotingRound.Target.IDEAS else "theme"
    rows = (
        Vote.objects.filter(round=chosen, **{f"{key}__isnull": False})
        .values(key)
        .annotate(total=Sum("dots"))
    )
    return {row[key]: row["total"] or 0 for row in rows}


@dataclass
class MeetingOutcome:
    meeting: Meeting
    participants: int
    ideas: int
    themes: int
    initiatives: int
    carried_in: int

    @property
    def workshop(self) -> Workshop:
        return self.meeting.workshop


def meeting_outcomes(process: Process) -> list[MeetingOutcome]:
    """Each meeting with its state and what came out of it, in the process's order."""
    meetings = process_meetings(process)
    ids = [m.workshop_id for m in meetings]
    counts = {
        row["pk"]: row
        for row in Workshop.objects.filter(pk__in=ids)
        .annotate(
            people=Count("participants", filter=Q(participants__removed_at=None), distinct=True),
            idea_count=Count("ideas", filter=Q(ideas__hidden=False), distinct=True),
            theme_count=Count("themes", distinct=True),
        )
        .values("pk", "people", "idea_count", "theme_count")
    }
    initiatives = dict(
        Initiative.objects.filter(workshop_id__in=ids)
        .values_list("workshop_id")
        .annotate(n=Count("pk"))
    )
    carried = dict(
        CarriedIdea.objects.filter(idea__workshop_id__in=ids)
        .values_list("idea__workshop_id")
        .annotate(n=Count("pk"))
    )
    return [
        MeetingOutcome(
            meeting=m,
            participants=counts[m.workshop_id]["people"],
            ideas=counts[m.workshop_id]["idea_count"],
            themes=counts[m.workshop_id]["theme_count"],
            initiatives=initiatives.get(m.workshop_id, 0),
            carried_in=carried.get(m.workshop_id, 0),
        )
        for m in meetings
    ]


@dataclass
class CarryIdea:
    idea: Idea
    dots: int | None
    carried: bool  # already in the target meeting


@dataclass
class CarryTheme:
    theme: Theme | None  # None: the ideas not in any theme
    dots: int | None
    carried: bool
    ideas: list[CarryIdea] = field(default_factory=list)


@dataclass
class CarrySource:
    meeting: Meeting
    themes: list[CarryTheme]
    revealed: bool


def earlier_meetings(meeting: Meeting) -> list[Meeting]:
    return [
        m
        for m in process_meetings(meeting.process)
        if (m.position, m.pk) < (meeting.position, meeting.pk)
    ]


def carry_choices(meeting: Meeting) -> list[CarrySource]:
    """What staff may carry into `meeting`: the themes and visible ideas of every earlier
    meeting of its process, with their revealed dots, and whether each is already carried."""
    carried_ideas = set(
        CarriedIdea.objects.filter(idea__workshop=meeting.workshop).values_list(
            "source_id", flat=True
        )
    )
    carried_themes = set(
        CarriedTheme.objects.filter(theme__workshop=meeting.workshop).values_list(
            "source_id", flat=True
        )
    )
    sources = []
    for earlier in earlier_meetings(meeting):
        workshop = earlier.workshop
        idea_dots = revealed_dots(workshop, VotingRound.Target.IDEAS)
        theme_dots = revealed_dots(workshop, VotingRound.Target.THEMES)
        groups: dict[int | None, CarryTheme] = {
            theme.pk: CarryTheme(
                theme=theme,
                dots=None if theme_dots is None else theme_dots.get(theme.pk, 0),
                carried=theme.pk in carried_themes,
            )
            for theme in Theme.objects.filter(workshop=workshop).order_by("position", "pk")
        }
        ideas = Idea.objects.filter(workshop=workshop, hidden=False).order_by(
            "position", "created_at", "pk"
        )
        for idea in ideas:
            group = groups.get(idea.theme_id)
            if group is None:
                group = groups.setdefault(None, CarryTheme(theme=None, dots=None, carried=False))
            group.ideas.append(
                CarryIdea(
                    idea=idea,
                    dots=None if idea_dots is None else idea_dots.get(idea.pk, 0),
                    carried=idea.pk in carried_ideas,
                )
            )
        for group in groups.values():
            group.ideas.sort(key=lambda item: -(item.dots or 0))
        sources.append(
            CarrySource(
                meeting=earlier, themes=list(groups.values()), revealed=idea_dots is not None
            )
        )
    return sources


def idea_origins(workshops) -> dict[int, CarriedIdea]:
    """{idea id: where it was carried from} for the ideas of `workshops`."""
    return {row.idea_id: row for row in CarriedIdea.objects.filter(idea__workshop__in=workshops)}


def theme_origins(workshops) -> dict[int, CarriedTheme]:
    return {row.theme_id: row for row in CarriedTheme.objects.filter(theme__workshop__in=workshops)}


def carried_onward(idea: Idea) -> list[CarriedIdea]:
    """Where an idea went next: the later meetings it was carried into."""
    return list(idea.carried_to.select_related("idea__workshop"))
