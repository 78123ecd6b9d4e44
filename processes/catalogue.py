"""The catalogue of a process: every meeting's ideas in one document (ideas/catalogue.py builds
it), each carried idea marked with where it came from, and one participation summary in which
a person who came to several meetings counts once.
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideas.catalogue import CatalogueError, build_catalogue, clean_text
from ideas.catalogue_entries import Catalogue, IdeaEntry, Participation, RoleCount
from processes.models import CarriedIdea, Process
from processes.selectors import idea_origins, process_workshops
from workshops.models import Participant, Workshop


def origin_text(origin: CarriedIdea) -> str:
    """ "From “Idea workshop” in Nordby, 12 dots" in the active language."""
    meeting = clean_text(origin.source_meeting)
    if origin.source_place:
        where = _("From “%(meeting)s” in %(place)s") % {
            "meeting": meeting,
            "place": clean_text(origin.source_place),
        }
    else:
        where = _("From “%(meeting)s”") % {"meeting": meeting}
    if origin.dots is None:
        return where
    dots = ngettext("%(count)d dot", "%(count)d dots", origin.dots) % {"count": origin.dots}
    return f"{where}, {dots}"


def _with_origin(entry: IdeaEntry, origins: dict[int, CarriedIdea]) -> IdeaEntry:
    origin = origins.get(entry.id)
    return dataclasses.replace(entry, origin=origin_text(origin)) if origin else entry


def _registration(participant: Participant):
    try:
        return participant.registration
    except (AttributeError, ObjectDoesNotExist):
        return None


def person_key(participant: Participant) -> tuple:
    """Who a participant is across meetings: their registration's e-mail where they
    registered with one, else their name and organisation; an anonymous or unnamed
    participant is a person of their own."""
    registration = _registration(participant)
    if registration is not None:
        if registration.email:
            return ("email", registration.email.strip().casefold())
        return ("named", clean_text(registration.name).casefold(), registration.organisation_id)
    name = clean_text(participant.display_name).casefold()
    if participant.anonymous or not name:
        return ("participant", participant.pk)
    return ("named", name, participant.organisation_id)


def _participants(workshops: list[Workshop]):
    people = Participant.objects.filter(workshop__in=workshops, removed_at=None).select_related(
        "organisation", "workshop"
    )
    try:
        Participant._meta.get_field("registration")  # when registrations are installed
        people = people.select_related("registration")
    except FieldDoesNotExist:
        pass
    return people.order_by("joined_at", "pk")


def process_participation(workshops: list[Workshop]) -> Participation:
    """People, organisations and roles across the meetings, each person counted once (with the
    role and organisation they first came with)."""
    people: dict[tuple, Participant] = {}
    everyone = list(_participants(workshops))
    for participant in everyone:
        people.setdefault(person_key(participant), participant)
    persons = list(people.values())
    organisations = {p.organisation_id for p in persons if p.organisation_id}
    credited = sorted(
        {clean_text(p.organisation.name) for p in persons if p.organisation and not p.anonymous}
    )
    by_role = [
        RoleCount(role.value, str(role.label), sum(1 for p in persons if p.role == role.value))
        for role in Participant.Role
    ]
    names = sorted(
        {
            clean_text(p.display_name)
            for p in everyone  # named if any meeting they came to credits people
            if p.workshop.credit_participants and not p.anonymous and clean_text(p.display_name)
        }
    )
    return Participation(
        people=len(persons),
        organisations=len(organisations),
        by_role=[row for row in by_role if row.count],
        organisation_names=credited,
        participant_names=names,
    )


def build_process_catalogue(
    process: Process, *, workshops: list[Workshop] | None = None, language: str = ""
) -> Catalogue:
    """The catalogue of `process`: all its meetings unless `workshops` names some of them."""
    chosen = workshops or process_workshops(process)
    if not chosen:
        raise CatalogueError(_("The process has no meetings yet."))
    language = language or process.language
    catalogue = build_catalogue(chosen, title=process.title, language=language)
    origins = idea_origins(chosen)
    with translation.override(language):
        for theme in catalogue.themes:
            theme.ideas = [_with_origin(idea, origins) for idea in theme.ideas]
        catalogue.unsorted_ideas = [
            _with_origin(idea, origins) for idea in catalogue.unsorted_ideas
        ]
    catalogue.participation = process_participation(chosen)
    return catalogue
