"""Processes and their meetings: create a process, plan its meetings from templates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from processes.actions.access import check_staff
from processes.actions.templates import do_create_workshop_from_template
from processes.models import Meeting, MeetingTemplate, Process
from workshops.actions.base import ActionError
from workshops.models import Organisation
from workshops.text import clean_line, clean_text

TITLE_MAX = 200
CHALLENGE_MAX = 2000
PLACE_MAX = 120


@dataclass(frozen=True)
class PlannedMeeting:
    """A meeting to create from a template: where and when it is held, what it is called."""

    template: MeetingTemplate
    place: str = ""
    held_on: datetime.date | None = None
    title: str = ""


def check_process_fields(
    *,
    title: str,
    challenge: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    owner_department: Organisation | None,
) -> None:
    if not title:
        raise ActionError(_("Give the process a title."), field="title")
    if len(title) > TITLE_MAX:
        raise ActionError(
            _("A title can be at most %(max)d characters.") % {"max": TITLE_MAX}, field="title"
        )
    if not challenge:
        raise ActionError(_("Describe the challenge the process works on."), field="challenge")
    if starts_on and ends_on and ends_on < starts_on:
        raise ActionError(_("The process cannot end before it starts."), field="ends_on")
    if owner_department and owner_department.kind != Organisation.Kind.MUNICIPAL_DEPARTMENT:
        raise ActionError(_("The owner must be a municipal department."), field="owner_department")


def check_planned_meeting(process: Process, planned: PlannedMeeting) -> None:
    if len(planned.place) > PLACE_MAX:
        raise ActionError(
            _("A place can be at most %(max)d characters.") % {"max": PLACE_MAX}, field="place"
        )
    if planned.template.language != process.language:
        raise ActionError(_("Choose a template in the process's language."), field="template")
    if planned.held_on and (
        (process.starts_on and planned.held_on < process.starts_on)
        or (process.ends_on and planned.held_on > process.ends_on)
    ):
        raise ActionError(_("The meeting's date is outside the process's period."), field="held_on")


def do_create_process(
    *,
    user,
    title: str,
    challenge: str,
    target_group: str = "",
    owner_department: Organisation | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    language: str = "da",
    meetings: list[PlannedMeeting] = (),
    base_url: str = "",
) -> Process:
    """A process, and its first meetings created from templates, all or nothing."""
    check_staff(user)
    title, challenge, target_group = (
        clean_line(title),
        clean_text(challenge),
        clean_text(target_group),
    )
    check_process_fields(
        title=title,
        challenge=challenge,
        starts_on=starts_on,
        ends_on=ends_on,
        owner_department=owner_department,
    )
    with transaction.atomic():
        process = Process.objects.create(
            title=title,
            challenge=challenge,
            target_group=target_group[:1000],
            owner_department=owner_department,
            starts_on=starts_on,
            ends_on=ends_on,
            language=language,
            created_by=user,
        )
        for planned in meetings:
            do_add_meeting(user=user, process=process, planned=planned, base_url=base_url)
    return process


def do_update_process(
    *,
    user,
    process: Process,
    title: str,
    challenge: str,
    target_group: str = "",
    owner_department: Organisation | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Process:
    """Change a process's description; its meetings and their language stay as they are."""
    check_staff(user)
    title, challenge = clean_line(title), clean_text(challenge)
    check_process_fields(
        title=title,
        challenge=challenge,
        starts_on=starts_on,
        ends_on=ends_on,
        owner_department=owner_department,
    )
    process.title, process.challenge = title, challenge
    process.target_group = clean_text(target_group)[:1000]
    process.owner_department = owner_department
    process.starts_on, process.ends_on = starts_on, ends_on
    process.save()
    return process


def meeting_title(process: Process, planned: PlannedMeeting) -> str:
    """The title staff typed, else the template's name and the place ("Idea workshop, Nordby")."""
    if planned.title:
        return planned.title
    name = planned.template.setup.get("title") or planned.template.name
    return f"{name}, {planned.place}" if planned.place else name


def do_add_meeting(
    *, user, process: Process, planned: PlannedMeeting, base_url: str = ""
) -> Meeting:
    """A new meeting at the end of the process, its workshop set up from the template; the
    workshop's question is the process's challenge."""
    check_staff(user)
    planned = PlannedMeeting(
        template=planned.template,
        place=clean_line(planned.place),
        held_on=planned.held_on,
        title=clean_line(planned.title),
    )
    check_planned_meeting(process, planned)
    with transaction.atomic():
        Process.objects.select_for_update().filter(pk=process.pk).first()  # positions in order
        last = process.meetings.aggregate(last=Max("position"))["last"]
        workshop = do_create_workshop_from_template(
            user=user,
            template=planned.template,
            title=meeting_title(process, planned)[:TITLE_MAX],
            question=process.challenge[:1000],
            base_url=base_url,
        )
        return Meeting.objects.create(
            process=process,
            workshop=workshop,
            position=0 if last is None else last + 1,
            place=planned.place,
            held_on=planned.held_on,
        )


def do_move_meeting(*, user, meeting: Meeting, up: bool) -> None:
    """Swap a meeting with its neighbour (earlier when `up`). Ideas already carried keep their
    provenance; only meetings after a meeting can carry its ideas from now on."""
    check_staff(user)
    with transaction.atomic():
        siblings = list(
            Meeting.objects.select_for_update()
            .filter(process_id=meeting.process_id)
            .order_by("position", "pk")
        )
        index = next(i for i, m in enumerate(siblings) if m.pk == meeting.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position"])


def do_facilitate_meeting(*, user, meeting: Meeting) -> None:
    """A staff member joins a meeting's facilitators, to open its console and projector."""
    check_staff(user)
    meeting.workshop.facilitators.add(user)
