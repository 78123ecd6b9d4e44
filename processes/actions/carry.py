"""Carrying themes and ideas from earlier meetings of a process into a later one."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from ideas.models import Idea, Theme, VotingRound
from processes.actions.access import check_staff
from processes.models import CarriedIdea, CarriedTheme, Meeting
from processes.selectors import earlier_meetings, revealed_dots
from realtime.events import record_event
from workshops.actions.base import ActionError, Actor, lock_workshop
from workshops.phases import Phase

MAX_CARRIED = 200


def check_carry(
    *, user, meeting: Meeting, idea_ids: Collection[int], theme_ids: Collection[int]
) -> tuple[list[Idea], list[Theme]]:
    """The chosen ideas and themes, if all come from earlier meetings of the same process."""
    check_staff(user)
    if meeting.workshop.phase == Phase.CLOSED:
        raise ActionError(_("The meeting is closed: nothing can be carried into it."))
    if not idea_ids and not theme_ids:
        raise ActionError(_("Choose at least one theme or idea to carry forward."))
    earlier = [m.workshop_id for m in earlier_meetings(meeting)]
    themes = list(Theme.objects.filter(pk__in=theme_ids, workshop_id__in=earlier))
    ideas = list(
        Idea.objects.filter(hidden=False, workshop_id__in=earlier, pk__in=set(idea_ids))
        | Idea.objects.filter(hidden=False, theme__in=themes)
    )
    ideas = sorted({idea.pk: idea for idea in ideas}.values(), key=lambda i: (i.workshop_id, i.pk))
    if len(themes) != len(set(theme_ids)) or not set(idea_ids) <= {i.pk for i in ideas}:
        raise ActionError(
            _("Only themes and ideas from earlier meetings of this process can be carried.")
        )
    if len(ideas) > MAX_CARRIED:
        raise ActionError(_("Carry at most %(max)d ideas at a time.") % {"max": MAX_CARRIED})
    return ideas, themes


def _report(idea: Idea) -> str:
    """The Open Space report of the session the idea came from, as one text."""
    space = idea.space
    if space is None:
        return ""
    parts = [space.report_key_points, space.report_next_step]
    return "\n".join(part for part in parts if part)


def do_carry_forward(
    *, user, meeting: Meeting, idea_ids: Collection[int] = (), theme_ids: Collection[int] = ()
) -> tuple[list[Idea], list[Theme]]:
    """Copy the chosen themes (each with all its ideas) and ideas into `meeting`'s workshop,
    each copy linked to its source with the dots and report it had. Ideas whose theme is
    carried too land in the copied theme. Carrying something twice keeps the first copy.
    Returns the new ideas and themes."""
    ideas, themes = check_carry(user=user, meeting=meeting, idea_ids=idea_ids, theme_ids=theme_ids)
    actor = Actor.for_facilitator(user)
    labels = {m.workshop_id: m for m in earlier_meetings(meeting)}
    with transaction.atomic():
        workshop = lock_workshop(meeting.workshop_id)
        already_ideas = set(
            CarriedIdea.objects.filter(idea__workshop=workshop).values_list("source_id", flat=True)
        )
        copies_of_theme = dict(
            CarriedTheme.objects.filter(theme__workshop=workshop).values_list(
                "source_id", "theme_id"
            )
        )
        position = Theme.objects.filter(workshop=workshop).aggregate(p=Max("position"))["p"] or 0
        new_themes = []
        dots_by_workshop: dict[tuple[int, str], dict[int, int] | None] = {}

        def dots(source_workshop, target, pk):
            key = (source_workshop.pk, target)
            if key not in dots_by_workshop:
                dots_by_workshop[key] = revealed_dots(source_workshop, target)
            totals = dots_by_workshop[key]
            return None if totals is None else totals.get(pk, 0)

        for theme in themes:
            if theme.pk in copies_of_theme:
                continue
            position += 1
            copy = Theme.objects.create(workshop=workshop, name=theme.name, position=position)
            source = labels[theme.workshop_id]
            CarriedTheme.objects.create(
                theme=copy,
                source=theme,
                source_workshop=source.workshop,
                source_meeting=source.workshop.title,
                source_place=source.place,
                dots=dots(source.workshop, VotingRound.Target.THEMES, theme.pk),
                carried_by=user,
            )
            copies_of_theme[theme.pk] = copy.pk
            new_themes.append(copy)

        idea_position = (
            Idea.objects.filter(workshop=workshop).aggregate(p=Max("position"))["p"] or 0
        )
        new_ideas = []
        for idea in ideas:
            if idea.pk in already_ideas:
                continue
            idea_position += 1
            copy = Idea.objects.create(
                workshop=workshop,
                title=idea.title,
                text=idea.text,
                theme_id=copies_of_theme.get(idea.theme_id),
                position=idea_position,
            )
            source = labels[idea.workshop_id]
            CarriedIdea.objects.create(
                idea=copy,
                source=idea,
                source_workshop=source.workshop,
                source_meeting=source.workshop.title,
                source_place=source.place,
                dots=dots(source.workshop, VotingRound.Target.IDEAS, idea.pk),
                report=_report(idea),
                carried_by=user,
            )
            new_ideas.append(copy)
        if new_ideas or new_themes:
            record_event(
                workshop,
                "ideas.carried",
                actor=actor,
                payload={
                    "idea_ids": [i.pk for i in new_ideas],
                    "theme_ids": [t.pk for t in new_themes],
                },
            )
    return new_ideas, new_themes
