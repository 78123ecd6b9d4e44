"""Who took part, by sector: organisations and people from civil society, with the
municipality's own departments counted apart ("56 organisations (79 people) and 25 from the
municipality").

A person is a confirmed registration, or a participant who joined without one (joining with a
personal link makes the registration's participant, counted once). Staff who joined without an
organisation count as the municipality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from registrations.models import Registration
from workshops.models import Organisation, Participant, Workshop

MUNICIPAL = Organisation.Sector.MUNICIPAL


@dataclass(frozen=True)
class SectorCount:
    sector: str
    label: str
    organisations: int
    people: int


@dataclass
class ParticipationSummary:
    civil_organisations: int = 0
    civil_people: int = 0  # people from civil-society organisations
    municipal_departments: int = 0
    municipal_people: int = 0
    people_without_organisation: int = 0
    by_sector: list[SectorCount] = field(default_factory=list)

    @property
    def people(self) -> int:
        return self.civil_people + self.municipal_people + self.people_without_organisation


def _people(workshops: list[Workshop]) -> list[tuple[Organisation | None, str]]:
    """(organisation, role) for each person who registered or joined."""
    registrations = Registration.objects.filter(
        invitation__workshop__in=workshops, status=Registration.Status.CONFIRMED
    ).select_related("organisation")
    walk_ins = Participant.objects.filter(
        workshop__in=workshops, removed_at__isnull=True, registration__isnull=True
    ).select_related("organisation")
    return [(r.organisation, r.role) for r in registrations] + [
        (p.organisation, p.role) for p in walk_ins
    ]


def participation_summary(workshops: Iterable[Workshop]) -> ParticipationSummary:
    summary = ParticipationSummary()
    organisations: dict[str, set[int]] = {}
    people: dict[str, int] = {}
    for organisation, role in _people(list(workshops)):
        if organisation is None:
            if role == Participant.Role.STAFF:
                summary.municipal_people += 1
                people[MUNICIPAL] = people.get(MUNICIPAL, 0) + 1
            else:
                summary.people_without_organisation += 1
            continue
        sector = organisation.sector
        organisations.setdefault(sector, set()).add(organisation.pk)
        people[sector] = people.get(sector, 0) + 1
        if sector == MUNICIPAL:
            summary.municipal_people += 1
        else:
            summary.civil_people += 1
    summary.municipal_departments = len(organisations.get(MUNICIPAL, set()))
    summary.civil_organisations = sum(
        len(ids) for sector, ids in organisations.items() if sector != MUNICIPAL
    )
    # Civil society's sectors in the registry's order, the municipality last.
    for sector, label in Organisation.Sector.choices:
        if sector in people and sector != MUNICIPAL:
            summary.by_sector.append(
                SectorCount(sector, label, len(organisations.get(sector, ())), people[sector])
            )
    if MUNICIPAL in people:
        summary.by_sector.append(
            SectorCount(
                MUNICIPAL,
                Organisation.Sector.MUNICIPAL.label,
                summary.municipal_departments,
                people[MUNICIPAL],
            )
        )
    return summary
